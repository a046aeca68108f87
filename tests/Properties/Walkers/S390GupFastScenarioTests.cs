using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.GupFast;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Properties.Walkers;

/// <summary>The s390 gup_fast bug of 5.2–5.8 (mm/gup.c of 5.8; fixed by d3f7b1bb2040) and its two fixes, on the commit message's own
/// numbers: a 3-level mm, two pages straddling the 2 GiB boundary 0x10080000000, and the page 2 GiB below mapped.</summary>
public sealed class S390GupFastScenarioTests
{
    private const ulong TwoGiB = 1UL << 31;
    private const ulong FourTiB = 1UL << 42;

    /// <summary>Pages on both sides of <paramref name="boundary"/> and the page one boundary-size below the second,
    /// each with pfn = va &gt;&gt; 12, so a wrong page shows as a pfn of the wrong address.</summary>
    private static AddressSpace Straddling(Model model, ulong boundary, ulong size)
    {
        var mm = model.NewAddressSpace();
        foreach (var va in new[] { boundary - 4096, boundary, boundary - size })
            mm.Map(new VirtualAddress(va), new Pfn(va >> 12));
        return mm;
    }

    private static WalkResult GupFast(string walker, AddressSpace mm, ulong boundary, StackLayout layout) =>
        new GupFastWalker(GupFastShape.All.Single(s => s.Name == walker)).Walk(mm, WalkRange.Create(boundary - 4096, boundary + 4096), new WalkOptions(layout));

    [Fact] // 10.1: pudp++ walks off the stack copy into the caller's copy of entry 512 and pins addr - 2 GiB.
    public void V58_ThreeLevelMm_CallerCopy_PinsThePageTwoGiBBelow()
    {
        const ulong boundary = 0x100_8000_0000;
        var mm = Straddling(ModelCatalogue.S390ThreeLevel, boundary, TwoGiB);
        var result = GupFast(WalkerCatalogue.GupFastV58, mm, boundary, StackLayout.CallerCopy);
        Assert.Null(result.Fault);
        Assert.Equal(2UL, result.PageCount);
        Assert.Equal(new Pfn((boundary - 4096) >> 12), result.PfnAt(new VirtualAddress(boundary - 4096)));
        Assert.Equal(new Pfn((boundary - TwoGiB) >> 12), result.PfnAt(new VirtualAddress(boundary)));
        var escape = Assert.Single(result.Trace.OfHelper("pudp++"), s => s.OffsetOfNext is not null);
        Assert.IsType<Target.StackCopySlot>(escape.Into);
        Assert.Equal("gup_p4d_range", ((Target.StackCopySlot)escape.Into!).Copy.Owner);
    }

    [Fact] // syzkaller PR #2178: "KASAN: stack-out-of-bounds in gup_pgd_range".
    public void V58_ThreeLevelMm_RedZone_IsAStackOutOfBoundsFault()
    {
        const ulong boundary = 0x100_8000_0000;
        var mm = Straddling(ModelCatalogue.S390ThreeLevel, boundary, TwoGiB);
        var result = GupFast(WalkerCatalogue.GupFastV58, mm, boundary, StackLayout.RedZone);
        Assert.Equal(WalkFaultKind.Memory, result.Fault?.Kind);
        Assert.Equal(FaultKind.StackOutOfBounds, result.Fault!.Memory!.Kind);
        Assert.Equal(1UL, result.PageCount);
    }

    [Theory] // 2.8 and 2.9: both fixes pin the right pages whatever lies on the stack.
    [InlineData(WalkerCatalogue.GupFastRfc, StackLayout.CallerCopy)]
    [InlineData(WalkerCatalogue.GupFastRfc, StackLayout.RedZone)]
    [InlineData(WalkerCatalogue.GupFastRfc, StackLayout.Zero)]
    [InlineData(WalkerCatalogue.GupFastV59, StackLayout.CallerCopy)]
    [InlineData(WalkerCatalogue.GupFastV59, StackLayout.RedZone)]
    [InlineData(WalkerCatalogue.GupFastV59, StackLayout.Zero)]
    [InlineData(WalkerCatalogue.GupFastV61, StackLayout.RedZone)]
    public void Fixes_ThreeLevelMm_PinTheRightPages(string walker, StackLayout layout)
    {
        const ulong boundary = 0x100_8000_0000;
        var mm = Straddling(ModelCatalogue.S390ThreeLevel, boundary, TwoGiB);
        var result = GupFast(walker, mm, boundary, layout);
        Assert.Null(result.Fault);
        Assert.Equal([(boundary - 4096) >> 12, boundary >> 12], result.EachPage().Select(p => p.Pfn.Value));
    }

    [Fact] // 6.12's gup_fast on 6.12's helpers keeps 5.9's fix: pud_offset_lockless returns the real pointer.
    public void V612_ThreeLevelMmOf612_RedZone_PinsTheRightPages()
    {
        const ulong boundary = 0x100_8000_0000;
        var mm = Straddling(ModelCatalogue.For("s390/3level", KernelEra.V6_12)!, boundary, TwoGiB);
        var result = GupFast(WalkerCatalogue.GupFastV612, mm, boundary, StackLayout.RedZone);
        Assert.Null(result.Fault);
        Assert.Equal([(boundary - 4096) >> 12, boundary >> 12], result.EachPage().Select(p => p.Pfn.Value));
        Assert.Contains(result.Trace.Steps, s => s.Function == "gup_fast_pud_range");
    }

    [Fact] // The same at the 4 TiB boundary on a 4-level mm: p4dp++ leaves the copy and pins addr - 4 TiB.
    public void V58_FourLevelMm_CallerCopy_PinsThePageFourTiBBelow()
    {
        const ulong boundary = 3 * FourTiB;
        var mm = Straddling(ModelCatalogue.S390FourLevel, boundary, FourTiB);
        var result = GupFast(WalkerCatalogue.GupFastV58, mm, boundary, StackLayout.CallerCopy);
        Assert.Equal(new Pfn((boundary - FourTiB) >> 12), result.PfnAt(new VirtualAddress(boundary)));
        Assert.Contains(result.Trace.OfHelper("p4dp++"), s => s.Into is Target.StackCopySlot && s.OffsetOfNext is not null);
    }

    [Fact]
    public void V58_FourLevelMm_RedZone_IsAStackOutOfBoundsFault()
    {
        const ulong boundary = 3 * FourTiB;
        var mm = Straddling(ModelCatalogue.S390FourLevel, boundary, FourTiB);
        Assert.Equal(FaultKind.StackOutOfBounds, GupFast(WalkerCatalogue.GupFastV58, mm, boundary, StackLayout.RedZone).Fault?.Memory?.Kind);
    }

    [Theory] // On a 5-level mm every level is real: every offset dereferences and no pointer to a copy is iterated.
    [InlineData(0x100_8000_0000UL, TwoGiB)]
    [InlineData(3 * FourTiB, FourTiB)]
    public void V58_FiveLevelMm_PinsTheRightPages(ulong boundary, ulong size)
    {
        var mm = Straddling(ModelCatalogue.S390FiveLevel, boundary, size);
        foreach (var layout in new[] { StackLayout.CallerCopy, StackLayout.RedZone })
        {
            var result = GupFast(WalkerCatalogue.GupFastV58, mm, boundary, layout);
            Assert.Null(result.Fault);
            Assert.Equal([(boundary - 4096) >> 12, boundary >> 12], result.EachPage().Select(p => p.Pfn.Value));
        }
    }

    [Fact] // Without the page 2 GiB below, the walk through the caller's copy finds nothing there and stops: the
           // kernel then falls back to slow gup, which is why the bug was silent most of the time.
    public void V58_ThreeLevelMm_NothingBelow_StopsShort()
    {
        const ulong boundary = 0x100_8000_0000;
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(boundary - 4096), new Pfn((boundary - 4096) >> 12));
        mm.Map(new VirtualAddress(boundary), new Pfn(boundary >> 12));
        var result = GupFast(WalkerCatalogue.GupFastV58, mm, boundary, StackLayout.CallerCopy);
        Assert.Equal(1UL, result.PageCount);
        Assert.Null(result.Fault);
    }
}
