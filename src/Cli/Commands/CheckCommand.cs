using System.Collections.Concurrent;
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Cli.Parsing;
using PgtableInvariants.Cli.Rendering;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers;
using Spectre.Console;

namespace PgtableInvariants.Cli.Commands;

/// <summary><c>check</c>: the catalogue on the chosen cells (all by default), progress on stderr; on stdout each
/// falsified or unexpected cell's counterexample, seed and trace, then the verdict grid, the cells not as expected and
/// one summary line. Exit 0 when every verdict is the expected one, 1 when one is not, 2 on bad input, 141 when the
/// reader of stdout went away.</summary>
public static class CheckCommand
{
    public static Command Create(Func<ParseResult, IAnsiConsole>? console = null)
    {
        var models = Options.OneOf("--model", "model", Names.Models, "Check only this model, or every era of this configuration (repeatable).");
        var walkers = Options.OneOf("--walker", "walker", Names.Walkers, "Check only this walker, or every era of this kind (repeatable); model invariants need none.");
        var eras = Options.OneOf("--era", "era", Names.Eras, "Check only the cells whose model has the helpers of this era and whose walker is its kind's in it (repeatable).");
        var invariants = Options.OneOf("--invariant", "invariant", Names.Invariants, "Check only this invariant (repeatable).");
        var maxTests = Options.MaxTests();
        var replay = Options.Replay();
        var json = Options.Json();
        var tree = Options.KernelTree();
        var arch = Options.Arch();
        var shard = ShardOptions.Shard();
        var merge = ShardOptions.Merge();
        var command = new Command("check", "Check the invariant catalogue and print the verdict matrix; with --kernel-tree, on the kernel's own code.")
        {
            models, walkers, eras, invariants, maxTests, replay, json, tree, arch, shard, merge,
        };
        command.SetAction(parse => CommandContext.Run(parse, console, context =>
        {
            if (parse.GetValue(merge) is { Length: > 0 } files)
            {
                if (new Option[] { models, walkers, eras, invariants, maxTests, replay, tree, arch, shard }.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } other)
                    throw new BadInputException($"--merge takes the options from the files it joins: leave out {other.Name}");
                return Print(context, CheckMerge.Merge(files), parse.GetValue(json), reportsPrinted: false);
            }
            var chosen = parse.GetValue(models)!;
            using var kernel = KernelSession.Open(context, parse.GetValue(tree), parse.GetValue(arch),
                chosen.Length == 0 ? null : [.. ModelCatalogue.All.Where(m => chosen.Contains(m.Name) || chosen.Contains(m.Config))]);
            var selection = ResultJson.Options(parse.GetValue(models)!, parse.GetValue(walkers)!, parse.GetValue(eras)!, parse.GetValue(invariants)!,
                parse.GetValue(maxTests), parse.GetValue(replay));
            return Handle(context, parse.GetValue(models)!, parse.GetValue(walkers)!, [.. parse.GetValue(eras)!.Select(e => KernelEra.Find(e)!)], parse.GetValue(invariants)!,
                new RunConfig(parse.GetValue(maxTests), parse.GetValue(replay), Kernel: kernel, Shard: parse.GetValue(shard)), selection, parse.GetValue(json));
        }));
        return command;
    }

    private static int Handle(CommandContext context, string[] models, string[] walkers, KernelEra[] eras, string[] invariants, RunConfig config,
        JsonObject selection, bool json)
    {
        var cells = InvariantCatalogue.Cells(config.Kernel)
            .Where(c => models.Length == 0 || models.Contains(c.Model.Name) || models.Contains(c.Model.Config))
            .Where(c => walkers.Length == 0 || (c.Walker is not null && (walkers.Contains(c.Walker) || walkers.Contains(WalkerCatalogue.KindOf(c.Walker)))))
            .Where(c => eras.Length == 0 || eras.Any(e => InEra(c.Model, c.Walker, e)))
            .Where(c => invariants.Length == 0 || invariants.Contains(c.Invariant.Id))
            .ToList();
        if (cells.Count == 0)
            throw new BadInputException("no (invariant, model, walker) cell matches these options");

        // Reports go out as their cells finish, so a reader of a pipe sees the first at once; on a terminal they wait
        // for the end, since a live progress display on the same screen would draw over them.
        var stream = !json && !context.OutputIsTerminal;
        var results = new List<JsonObject>();
        CheckProgress.Run(context, cells.Count, done =>
        {
            // Cells are independent (each has its own seed and address spaces), so the model's run on every core; the
            // results come back in the cells' order, so the output is the same as one core's. The kernel's code answers
            // one walk at a time through its server, so its cells run one by one. A cell's cost varies a hundredfold, so
            // each core takes the next cell when it is free (a load-balancing partitioner), not a fixed half of the list.
            var checks = Partitioner.Create(cells, loadBalance: true).AsParallel().AsOrdered()
                .WithDegreeOfParallelism(config.Kernel is null ? Environment.ProcessorCount : 1)
                .WithMergeOptions(ParallelMergeOptions.NotBuffered)
                .Select(c => c.Invariant.Check(c.Model, c.Walker, config));
            foreach (var result in checks)
            {
                if (context.OutputIsStdout && StandardOutput.ReaderGone())
                    throw new ReaderGoneException();
                var cell = ResultJson.Cell(result);
                results.Add(cell);
                if (stream)
                    CheckText.WriteReport(context.Output, cell);
                done(result);
            }
        });

        if (config.Kernel is { Retries: > 0 } kernel)
            context.Error.WriteLine($"note: {kernel.Retries} batch(es) were sent again after the kernel's code crashed without doing so again");
        return Print(context, ResultJson.Check(ResultJson.Kernel(config.Kernel), selection, config.Shard, results), json, reportsPrinted: stream);
    }

    /// <summary>Prints a run's document, as JSON or as text; exit 0 when every verdict is the expected one, else 1.
    /// A shard fails only on what no other shard can undo (a falsified or failed cell that should hold): a cell that
    /// holds on a shard's share of the cases may still be falsified by another's, which the merge tells.</summary>
    private static int Print(CommandContext context, JsonObject document, bool json, bool reportsPrinted)
    {
        var failing = document["results"]!.AsArray().Count(c => !(bool)c!["asExpected"]!
            && (document["shard"] is null || (string?)c["verdict"] is "falsified" or "error"));
        if (json)
            context.Output.WriteLine(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else if (reportsPrinted)
            CheckText.WriteMatrix(context.Output, document);
        else
            CheckText.Write(context.Output, document);
        return failing == 0 ? CommandContext.Ok : 1;
    }

    /// <summary>True when the cell belongs to <paramref name="era"/>: the model has its helpers, and a model walker is
    /// its kind's walker in it (a kernel walker runs the tree's code, whose era the model already matches).</summary>
    private static bool InEra(Model model, string? walker, KernelEra era) =>
        model.Helpers.Contains(era) && (walker is null || KernelWalker.EntryPointOf(walker) is not null || WalkerCatalogue.Serves(walker, era));
}
