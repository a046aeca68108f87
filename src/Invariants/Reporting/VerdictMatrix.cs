using System.Text;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Catalogue;

namespace PgtableInvariants.Invariants.Reporting;

/// <summary>The verdict matrix the catalogue expects, for approval: the grid <c>check</c> prints when every verdict is
/// as expected, then one line per cell that is not expected to hold with the catalogue's reason. Stable text, so a
/// changed expectation shows as a one-line diff; that each cell's verdict is its expectation is checked cell by cell
/// (tests/Properties/Invariants/InvariantProperties), so the matrix is not computed twice.</summary>
public static class VerdictMatrix
{
    public static string Render(IEnumerable<(IInvariant Invariant, Model Model, string? Walker)> cells)
    {
        var expected = cells.Select(c => (Cell: c, Expected: c.Invariant.Expect(c.Model, c.Walker))).ToList();
        var text = new StringBuilder(VerdictGrid.Render(expected.Select(e =>
                new GridCell(e.Cell.Invariant.Id, e.Cell.Model.Name, e.Cell.Walker, e.Expected.Verdict, e.Expected.Verdict))))
            .Append('\n').Append("why a cell is not expected to hold:\n");
        foreach (var (cell, expectation) in expected.Where(e => e.Expected.Verdict != Verdict.Holds))
        {
            var symbol = new GridCell(cell.Invariant.Id, cell.Model.Name, cell.Walker, expectation.Verdict, expectation.Verdict).Symbol;
            text.Append($"  {symbol,-3} {cell.Invariant.Id} {cell.Model.Name}{(cell.Walker is null ? "" : $" {cell.Walker}")}: {expectation.Reason}\n");
        }
        return text.ToString();
    }
}
