using System.Text.Json.Nodes;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Reporting;

namespace PgtableInvariants.Cli.Rendering;

/// <summary><c>check</c>'s text on stdout, from the run's JSON document so a merged run prints what an unsharded one
/// does: each falsified or unexpected cell's report, then the verdict grid, the cells not as expected, and one summary
/// line, always the last.</summary>
public static class CheckText
{
    /// <summary>One cell's report followed by a blank line, or nothing for a cell that has none.</summary>
    public static void WriteReport(TextWriter output, JsonObject cell)
    {
        if ((string?)cell["report"] is not { } report)
            return;
        output.Write(report);
        output.WriteLine();
    }

    /// <summary>The reports, the grid, the unexpected cells and the summary line.</summary>
    public static void Write(TextWriter output, JsonObject document)
    {
        foreach (var cell in Cells(document))
            WriteReport(output, cell);
        WriteMatrix(output, document);
    }

    /// <summary>What follows the reports: the grid, the unexpected cells and the summary line.</summary>
    public static void WriteMatrix(TextWriter output, JsonObject document)
    {
        var cells = Cells(document).ToList();
        output.WriteLine("verdict matrix (rows: invariant and walker; columns: model)");
        output.Write(VerdictGrid.Render(cells.Select(c => new GridCell(
            (string)c["invariant"]!, (string)c["model"]!, (string?)c["walker"], VerdictOf(c["verdict"]), VerdictOf(c["expected"])))));
        var unexpected = cells.Where(c => !(bool)c["asExpected"]!).ToList();
        if (unexpected.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("not as expected:");
            foreach (var c in unexpected)
                output.WriteLine($"  {c["invariant"]} {c["model"]}{((string?)c["walker"] is { } w ? $" / {w}" : "")}: {c["verdict"]}, expected {c["expected"]}");
        }
        output.WriteLine();
        output.WriteLine(SummaryLine(document));
    }

    /// <summary>The last line: how many cells, how many not as expected, and the verdicts' counts.</summary>
    public static string SummaryLine(JsonObject document)
    {
        var s = document["summary"]!;
        var counts = $"{s["holds"]} hold, {s["falsified"]} falsified, {s["notApplicable"]} not applicable, {s["errors"]} errors; {s["tests"]} tests, {s["shrinks"]} shrinks";
        var shard = (string?)document["shard"] is { } k ? $" in shard {k}" : "";
        return (int)s["unexpected"]! == 0
            ? $"{s["cells"]} cells{shard}, every verdict as expected: {counts}"
            : $"{s["unexpected"]} of {s["cells"]} cells{shard} not as expected: {counts}";
    }

    private static IEnumerable<JsonObject> Cells(JsonObject document) => document["results"]!.AsArray().Select(c => c!.AsObject());

    /// <summary>The verdict whose words (<see cref="CheckReport.Words"/>) a document holds.</summary>
    public static Verdict VerdictOf(JsonNode? words) =>
        Enum.GetValues<Verdict>().First(v => CheckReport.Words(v) == (string?)words);
}
