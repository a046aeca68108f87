using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Reporting;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.Snapshots.Matching;

namespace PgtableInvariants.Snapshots.Approved;

/// <summary>The approved verdict matrix, the grid <c>check</c> prints and why each cell not expected to hold is so: any
/// change of a verdict or of an expectation is a one-line diff in review.</summary>
public sealed class VerdictMatrixSnapshot
{
    [Fact]
    public void Matrix()
    {
        var results = InvariantCatalogue.Cells().Select(c => c.Invariant.Check(c.Model, c.Walker, new RunConfig()));
        Snapshot.Verify(VerdictMatrix.Render(results), nameof(VerdictMatrixSnapshot), nameof(Matrix));
    }
}
