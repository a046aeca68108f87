using System.CommandLine;
using System.Text.Json;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Cli.Parsing;
using PgtableInvariants.Cli.Rendering;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Reporting;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers;
using Spectre.Console;

namespace PgtableInvariants.Cli.Commands;

/// <summary><c>check</c>: the catalogue on the chosen cells (all by default); the verdict matrix, then each falsified
/// cell's counterexample, seed and trace. Exit 0 when every verdict is the expected one, 1 when one is not.</summary>
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
        var command = new Command("check", "Check the invariant catalogue and print the verdict matrix; with --kernel-tree, on the kernel's own code.")
        {
            models, walkers, eras, invariants, maxTests, replay, json, tree, arch,
        };
        command.SetAction(parse => CommandContext.Run(parse, console, context =>
        {
            using var kernel = KernelSession.Open(context, parse.GetValue(tree), parse.GetValue(arch));
            return Handle(context, parse.GetValue(models)!, parse.GetValue(walkers)!, [.. parse.GetValue(eras)!.Select(e => KernelEra.Find(e)!)], parse.GetValue(invariants)!,
                new RunConfig(parse.GetValue(maxTests), parse.GetValue(replay), Kernel: kernel), parse.GetValue(json));
        }));
        return command;
    }

    private static int Handle(CommandContext context, string[] models, string[] walkers, KernelEra[] eras, string[] invariants, RunConfig config, bool json)
    {
        var cells = InvariantCatalogue.Cells(config.Kernel)
            .Where(c => models.Length == 0 || models.Contains(c.Model.Name) || models.Contains(c.Model.Config))
            .Where(c => walkers.Length == 0 || (c.Walker is not null && (walkers.Contains(c.Walker) || walkers.Contains(WalkerCatalogue.KindOf(c.Walker)))))
            .Where(c => eras.Length == 0 || eras.Any(e => InEra(c.Model, c.Walker, e)))
            .Where(c => invariants.Length == 0 || invariants.Contains(c.Invariant.Id))
            .ToList();
        if (cells.Count == 0)
            throw new BadInputException("no (invariant, model, walker) cell matches these options");

        var results = new List<CheckResult>();
        foreach (var (invariant, model, walker) in cells)
        {
            var result = invariant.Check(model, walker, config);
            results.Add(result);
            if (!json)
                Progress(context, results.Count, cells.Count, result);
        }

        if (config.Kernel is { Retries: > 0 } kernel)
            context.Error.WriteLine($"note: {kernel.Retries} batch(es) were sent again after the kernel's code crashed without doing so again");
        if (json)
            context.Output.WriteLine(ResultJson.Check(results, config.Kernel).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else
            Report(context, results);
        return results.All(r => r.AsExpected) ? CommandContext.Ok : 1;
    }

    /// <summary>True when the cell belongs to <paramref name="era"/>: the model has its helpers, and a model walker is
    /// its kind's walker in it (a kernel walker runs the tree's code, whose era the model already matches).</summary>
    private static bool InEra(Model model, string? walker, KernelEra era) =>
        model.Helpers.Contains(era) && (walker is null || KernelWalker.EntryPointOf(walker) is not null || WalkerCatalogue.Serves(walker, era));

    private static void Progress(CommandContext context, int done, int total, CheckResult r)
    {
        var colour = r.AsExpected ? "grey" : "red";
        context.Console.MarkupLine($"[{colour}][[{done}/{total}]] {Markup.Escape(r.Invariant)} {Markup.Escape(r.Model)} {Markup.Escape(r.Walker ?? "-")}: {CheckReport.Words(r.Verdict)}[/]");
    }

    private static void Report(CommandContext context, List<CheckResult> results)
    {
        var table = new Table().Title("verdict matrix").AddColumns("invariant", "model", "walker", "verdict", "expected");
        foreach (var r in results)
        {
            var verdict = CheckReport.Words(r.Verdict);
            table.AddRow(r.Invariant, r.Model, r.Walker ?? "-", r.AsExpected ? verdict : $"[red]{verdict}[/]", CheckReport.Words(r.Expected.Verdict));
        }
        context.Console.Write(table);
        var unexpected = results.Count(r => !r.AsExpected);
        context.Console.MarkupLine(unexpected == 0
            ? $"[green]{results.Count} cells, every verdict as expected ({results.Count(r => r.Verdict == Verdict.Falsified)} falsified, {results.Count(r => r.Verdict == Verdict.NotApplicable)} not applicable)[/]"
            : $"[red]{unexpected} of {results.Count} cells not as expected[/]");
        foreach (var r in results.Where(r => r.Verdict == Verdict.Falsified || !r.AsExpected))
        {
            context.Output.WriteLine();
            context.Output.Write(CheckReport.Render(r));
        }
    }
}
