using System.CommandLine;
using System.Text.Json;
using PgtableInvariants.Cli.Parsing;
using PgtableInvariants.Cli.Rendering;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Reporting;
using PgtableInvariants.Invariants.Running;
using Spectre.Console;

namespace PgtableInvariants.Cli.Commands;

/// <summary><c>check</c>: the catalogue on the chosen cells (all by default); the verdict matrix, then each falsified
/// cell's counterexample, seed and trace. Exit 0 when every verdict is the expected one, 1 when one is not.</summary>
public static class CheckCommand
{
    public static Command Create(Func<ParseResult, IAnsiConsole>? console = null)
    {
        var models = Options.OneOf("--model", "model", Names.Models, "Check only this model (repeatable).");
        var walkers = Options.OneOf("--walker", "walker", Names.Walkers, "Check only this walker (repeatable); model invariants need none.");
        var invariants = Options.OneOf("--invariant", "invariant", Names.Invariants, "Check only this invariant (repeatable).");
        var maxTests = Options.MaxTests();
        var replay = Options.Replay();
        var json = Options.Json();
        var command = new Command("check", "Check the invariant catalogue and print the verdict matrix.") { models, walkers, invariants, maxTests, replay, json };
        command.SetAction(parse => CommandContext.Run(parse, console, context =>
            Handle(context, parse.GetValue(models)!, parse.GetValue(walkers)!, parse.GetValue(invariants)!,
                new RunConfig(parse.GetValue(maxTests), parse.GetValue(replay)), parse.GetValue(json))));
        return command;
    }

    private static int Handle(CommandContext context, string[] models, string[] walkers, string[] invariants, RunConfig config, bool json)
    {
        var cells = InvariantCatalogue.Cells()
            .Where(c => models.Length == 0 || models.Contains(c.Model.Name))
            .Where(c => walkers.Length == 0 || (c.Walker is not null && walkers.Contains(c.Walker)))
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

        if (json)
            context.Output.WriteLine(ResultJson.Check(results).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else
            Report(context, results);
        return results.All(r => r.AsExpected) ? CommandContext.Ok : 1;
    }

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
