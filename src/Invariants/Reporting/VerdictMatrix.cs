using System.Text;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Running;

namespace PgtableInvariants.Invariants.Reporting;

/// <summary>The verdict matrix as approved: the grid <c>check</c> prints, then one line per cell that is not expected
/// to hold with the catalogue's reason. Stable text, so a changed verdict or expectation shows as a one-line diff.</summary>
public static class VerdictMatrix
{
    public static string Render(IEnumerable<CheckResult> results)
    {
        var all = results.ToList();
        var text = new StringBuilder(VerdictGrid.Render(all.Select(GridCell.Of)))
            .Append('\n').Append("why a cell is not expected to hold:\n");
        foreach (var r in all.Where(r => r.Expected.Verdict != Verdict.Holds))
            text.Append($"  {(GridCell.Of(r) with { Verdict = r.Expected.Verdict }).Symbol,-3} {r.Invariant} {r.Model}{(r.Walker is null ? "" : $" {r.Walker}")}: {r.Expected.Reason}\n");
        return text.ToString();
    }
}
