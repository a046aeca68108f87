using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Levels;

namespace PgtableInvariants.Properties.Arch;

/// <summary>The generic <c>pXd_addr_end</c> and its wrap-around rule (include/linux/pgtable.h).</summary>
public sealed class AddrEndTests
{
    private const ulong PgdirSize = 1UL << 39;

    [Fact] // include/linux/pgtable.h, pXd_addr_end at the top of the space: the boundary wraps to 0, and 0 - 1 is beyond any end.
    public void AddrEnd_AtTopOfSpace_ReturnsEnd()
    {
        var next = LevelGeometry.AddrEnd(new VirtualAddress(0xffff_ff80_0000_1000), new VirtualAddress(0xffff_ffff_ffff_f000), PgdirSize);
        Assert.Equal(new VirtualAddress(0xffff_ffff_ffff_f000), next);
    }

    [Fact] // end == 0 means the top of the 64-bit space: the last step returns 0 and `addr != end` stops the loop.
    public void AddrEnd_EndZeroAndLastStep_ReturnsZero()
    {
        var next = LevelGeometry.AddrEnd(new VirtualAddress(0xffff_ff80_0000_0000), new VirtualAddress(0), PgdirSize);
        Assert.Equal(new VirtualAddress(0), next);
    }

    [Fact]
    public void AddrEnd_EndZeroBeforeLastStep_ReturnsBoundary()
    {
        var next = LevelGeometry.AddrEnd(new VirtualAddress(0x1000), new VirtualAddress(0), PgdirSize);
        Assert.Equal(new VirtualAddress(PgdirSize), next);
    }

    [Fact]
    public void AddrEnd_EndBeforeBoundary_ReturnsEnd()
    {
        var next = LevelGeometry.AddrEnd(new VirtualAddress(0x1000), new VirtualAddress(0x5000), PgdirSize);
        Assert.Equal(new VirtualAddress(0x5000), next);
    }

    [Fact] // pgtable-nop4d.h: #define p4d_addr_end(addr, end) (end)
    public void AddrEnd_StaticallyFoldedLevel_ReturnsEnd()
    {
        var p4d = new LevelGeometry(Level.P4d, 39, 1, FoldKind.Static);
        Assert.Equal(new VirtualAddress(1UL << 45), p4d.AddrEnd(new VirtualAddress(0), new VirtualAddress(1UL << 45)));
    }

    [Fact] // c65e774fb3f6: a run-time folded level uses the generic formula with its parent's size.
    public void AddrEnd_RuntimeFoldedLevel_StopsAtTheParentBoundary()
    {
        var p4d = new LevelGeometry(Level.P4d, 39, 1, FoldKind.Runtime);
        Assert.Equal(new VirtualAddress(PgdirSize), p4d.AddrEnd(new VirtualAddress(0), new VirtualAddress(1UL << 45)));
    }

    [Fact] // include/linux/pgtable.h: a folded level keeps its parent's shift; the #error checks in the headers.
    public void Geometry_FoldedLevelWithOwnShift_IsRejected()
    {
        Assert.Throws<InvalidOperationException>(() =>
            Geometry.Create((39, 512, FoldKind.None), (30, 1, FoldKind.Static), (30, 512, FoldKind.None), (21, 512, FoldKind.None), 512, pageShift: 12));
    }
}
