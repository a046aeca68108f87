using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Properties.Walkers.Tracing;

/// <summary>A step's line: an end of 0 is written as the top of the space, and a pointer whose target is not known
/// shows none.</summary>
public sealed class WalkStepTests
{
    private static readonly VirtualAddress LastPage = new(0xffff_ffff_ffff_f000);

    [Fact]
    public void FunctionEnteredUpToTheTop_ShowsTheRangeToTop()
    {
        var step = new WalkStep(0, 1, "walk_pgd_range", "walk_pgd_range", null, null, null, LastPage, Decision.None) { End = new VirtualAddress(0) };
        Assert.EndsWith("[0xfffffffffffff000, top)", step.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void HoleUpToTheTop_EndsAtTop()
    {
        var step = new WalkStep(0, 1, "translate", "pte_hole", null, null, null, LastPage, Decision.Hole) { End = new VirtualAddress(0), HoleDepth = -1 };
        Assert.EndsWith("0xfffffffffffff000  hole  to top, depth -1", step.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PointerWithoutTarget_ShowsOnlyTheAddress()
    {
        var step = new WalkStep(0, 0, "walk_pgd_range", "pgd_offset", new EntryPointer(Level.Pgd, 0x1000, 8), null, null, null, Decision.None);
        Assert.EndsWith("pgd_offset                 0000000000001000 ->", step.ToString(), StringComparison.Ordinal);
    }
}
