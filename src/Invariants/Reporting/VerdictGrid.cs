using System.Text;
using PgtableInvariants.Walkers;

namespace PgtableInvariants.Invariants.Reporting;

/// <summary>The verdict matrix as a grid a person scans: one row per invariant and walker (and, for models whose
/// helpers changed in a later kernel, per helper era), one column per model configuration, one symbol per cell.</summary>
/// <remarks>Rows keep the order in which invariants first appear in the results, so the grid follows the catalogue, and
/// within one the walker catalogue's order; a blank square is a combination that is not a cell (a walker that does not run on that model).</remarks>
public static class VerdictGrid
{
    /// <summary>The legend printed above the grid.</summary>
    public const string Legend =
        "ok holds, F falsified, - not applicable, E error (the walker itself failed); a leading ! marks a verdict that is not the expected one; blank: no such cell";

    public static string Render(IEnumerable<GridCell> cells)
    {
        var all = cells.ToList();
        var configs = all.Select(c => c.Config).Distinct().ToList();
        var invariants = all.Select(c => c.Invariant).Distinct().ToList();
        // Walkers in the catalogue's order (each kind oldest first), then any other (the kernel's own) as they come.
        var walkers = all.Select(c => c.Walker ?? "").Distinct()
            .OrderBy(w => WalkerCatalogue.Names.Contains(w) ? WalkerCatalogue.Names.ToList().IndexOf(w) : WalkerCatalogue.Names.Count).ToList();
        var eras = all.Select(c => c.ModelEra).Distinct().ToList();
        var rows = all
            .GroupBy(c => (c.Invariant, Walker: c.Walker ?? "", c.ModelEra))
            .OrderBy(g => invariants.IndexOf(g.Key.Invariant)).ThenBy(g => walkers.IndexOf(g.Key.Walker)).ThenBy(g => eras.IndexOf(g.Key.ModelEra))
            .ToList();

        var invariantWidth = Math.Max("invariant".Length, invariants.Max(i => i.Length));
        var walkerWidth = Math.Max("walker".Length, walkers.Max(w => w.Length));
        var eraWidth = Math.Max("helpers".Length, eras.Max(e => e.Length));
        var widths = configs.Select(c => Math.Max(Arch(c).Length, Math.Max(Shape(c).Length, 3))).ToList();

        var text = new StringBuilder().Append(Legend).Append('\n').Append('\n');
        Line(text, "", "", "", configs.Select(Arch), widths, invariantWidth, walkerWidth, eraWidth);
        Line(text, "invariant", "walker", "helpers", configs.Select(Shape), widths, invariantWidth, walkerWidth, eraWidth);
        string? previous = null;
        foreach (var row in rows)
        {
            if (previous is not null && previous != row.Key.Invariant)
                text.Append('\n');
            var symbols = configs.Select(config => row.FirstOrDefault(c => c.Config == config)?.Symbol ?? "");
            Line(text, previous == row.Key.Invariant ? "" : row.Key.Invariant, row.Key.Walker, row.Key.ModelEra, symbols, widths, invariantWidth, walkerWidth, eraWidth);
            previous = row.Key.Invariant;
        }
        return text.ToString();
    }

    private static void Line(StringBuilder text, string invariant, string walker, string era, IEnumerable<string> squares, List<int> widths,
        int invariantWidth, int walkerWidth, int eraWidth)
    {
        var line = new StringBuilder()
            .Append(invariant.PadRight(invariantWidth)).Append("  ")
            .Append(walker.PadRight(walkerWidth)).Append("  ")
            .Append(era.PadRight(eraWidth));
        foreach (var (square, width) in squares.Zip(widths))
            line.Append("  ").Append(square.PadRight(width));
        text.Append(line.ToString().TrimEnd()).Append('\n');
    }

    /// <summary>The architecture part of a configuration (<c>x86-64</c>), the header's first line.</summary>
    private static string Arch(string config) => config.Contains('/', StringComparison.Ordinal) ? config[..config.IndexOf('/', StringComparison.Ordinal)] : "";

    /// <summary>The rest of it (<c>la57-on-4level</c>), the header's second line.</summary>
    private static string Shape(string config) => config.Contains('/', StringComparison.Ordinal) ? config[(config.IndexOf('/', StringComparison.Ordinal) + 1)..] : config;
}
