using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Reporting;
using PgtableInvariants.Snapshots.Matching;

namespace PgtableInvariants.Snapshots.Approved;

/// <summary>The approved verdict matrix, the grid <c>check</c> prints when every verdict is the expected one, and why
/// each cell not expected to hold is so: any change of an expectation is a one-line diff in review. That each cell's
/// verdict is its expectation is the per-cell property of tests/Properties/Invariants/InvariantProperties.</summary>
public sealed class VerdictMatrixSnapshot
{
    [Fact]
    public void Matrix() =>
        Snapshot.Verify(VerdictMatrix.Render(InvariantCatalogue.Cells()), nameof(VerdictMatrixSnapshot), nameof(Matrix));
}
