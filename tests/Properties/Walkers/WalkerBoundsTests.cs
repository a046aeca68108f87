using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Properties.Walkers;

/// <summary>Walks end: a loop has a step budget, and an end of 0 means the top of the address space.</summary>
public sealed class WalkerBoundsTests
{
    public static TheoryData<string> Walkers => [.. WalkerCatalogue.Names];

    [Theory]
    [MemberData(nameof(Walkers))]
    public void Walker_OverTheWholeSpace_StopsWithinItsBudget(string walkerName)
    {
        var model = ModelCatalogue.S390FiveLevel;
        var mm = model.NewAddressSpace();
        for (var va = 0UL; va < 64 * 4096; va += 4096)
            mm.Map(new VirtualAddress(va), new Pfn(0x100000 + (va >> 12)));
        var result = WalkerCatalogue.Find(walkerName, model)!.Walk(mm, WalkRange.Create(0, 1UL << 63), new WalkOptions(StepBudget: 40, Trace: false));
        Assert.Equal(WalkFaultKind.StepBudget, result.Fault?.Kind);
        Assert.InRange(result.PageCount, 1UL, 40UL);
        Assert.True(result.Loads < 1000, $"{result.Loads} loads");
    }

    [Theory] // include/linux/pgtable.h, pXd_addr_end: with end == 0, pXd_addr_end returns 0 on the last step and `addr != end` stops.
    [InlineData("gup-slow")]
    [InlineData("hardware")]
    public void Walker_WithEndZero_WalksToTheTopAndStops(string walkerName)
    {
        var model = ModelCatalogue.S390FiveLevel;
        var mm = model.NewAddressSpace();
        var last = new VirtualAddress(model.Arch.TaskSizeMax - 4096);
        mm.Map(last, new Pfn(0x100000));
        var result = WalkerCatalogue.Find(walkerName, model)!.Walk(mm, WalkRange.Create(0xffff_ffff_ffff_0000, 0), WalkOptions.Default);
        Assert.Null(result.Fault);
        Assert.Equal([(last, new Pfn(0x100000))], result.EachPage().ToList());
    }

    [Theory] // E2: walk_page_range_novma (and 6.12's walk_page_range_debug) refuse start >= end with -EINVAL: an end of 0
             // is below every start, so nothing is walked and no hole is reported.
    [InlineData("pagewalk")]
    [InlineData("pagewalk/addr-end-folded")]
    [InlineData("pagewalk/v6.12")]
    public void PageWalk_WithEndZero_IsRefused(string walkerName)
    {
        var model = ModelCatalogue.For("s390/5level", WalkerCatalogue.EraOf(walkerName)!)!;
        var mm = model.NewAddressSpace();
        mm.Map(new VirtualAddress(model.Arch.TaskSizeMax - 4096), new Pfn(0x100000));
        var result = WalkerCatalogue.Find(walkerName, model)!.Walk(mm, WalkRange.Create(0xffff_ffff_ffff_0000, 0), WalkOptions.Default);
        Assert.Null(result.Fault);
        Assert.Empty(result.Pages);
        Assert.Empty(result.Holes);
        var refusal = Assert.Single(result.Trace.Steps, s => s.Decision == PgtableInvariants.Walkers.Tracing.Decision.Stop);
        Assert.Equal("start >= end", refusal.Helper);
        Assert.Equal("-EINVAL", refusal.Note);
    }

    [Theory] // The last page a user mm can map, up to TASK_SIZE_MAX: the top-level boundary wraps to 0 and the walk stops.
    [InlineData("pagewalk")]
    [InlineData("pagewalk/addr-end-folded")]
    [InlineData("pagewalk/v6.12")]
    public void PageWalk_ToTaskSizeMax_WalksToTheLastUserPageAndStops(string walkerName)
    {
        var model = ModelCatalogue.For("s390/5level", WalkerCatalogue.EraOf(walkerName)!)!;
        var mm = model.NewAddressSpace();
        var last = new VirtualAddress(model.Arch.TaskSizeMax - 4096);
        mm.Map(last, new Pfn(0x100000));
        var result = WalkerCatalogue.Find(walkerName, model)!.Walk(mm, WalkRange.Create(0xffff_ffff_ffff_0000, model.Arch.TaskSizeMax), WalkOptions.Default);
        Assert.Null(result.Fault);
        Assert.Equal([(last, new Pfn(0x100000))], result.EachPage().ToList());
    }

    [Theory] // internal_get_user_pages_fast: `if (end <= start) return 0;` catches an end of 0 before any walk; 6.1 and
             // 6.12 test check_add_overflow (6.12 returns -EOVERFLOW).
    [InlineData("gup-fast/v5.8", "end <= start", "return 0")]
    [InlineData("gup-fast/rfc-addr-end-folded", "end <= start", "return 0")]
    [InlineData("gup-fast/v5.9", "end <= start", "return 0")]
    [InlineData("gup-fast/v6.1", "check_add_overflow(start, len, &end)", "return 0")]
    [InlineData("gup-fast/v6.12", "check_add_overflow(start, len, &end)", "-EOVERFLOW")]
    public void GupFast_WithEndZero_ReturnsZeroPages(string walkerName, string check, string returns)
    {
        var model = ModelCatalogue.S390FiveLevel;
        var mm = model.NewAddressSpace();
        mm.Map(new VirtualAddress(model.Arch.TaskSizeMax - 4096), new Pfn(0x100000));
        var result = WalkerCatalogue.Find(walkerName, model)!.Walk(mm, WalkRange.Create(0xffff_ffff_ffff_0000, 0), WalkOptions.Default);
        Assert.Equal(0UL, result.PageCount);
        Assert.Contains(result.Trace.Steps, s => s.Helper == check && s.Note == returns);
    }

    [Fact] // x86 gup_fast_permitted refuses a range ending above the user address limit.
    public void GupFast_BeyondTheVirtualMask_IsRefused()
    {
        var model = ModelCatalogue.X86FourLevel;
        var result = WalkerCatalogue.Find("gup-fast/v5.9", model)!.Walk(model.NewAddressSpace(), WalkRange.Create((1UL << 47) - 4096, (1UL << 47) + 4096), WalkOptions.Default);
        Assert.Equal(0UL, result.PageCount);
        Assert.Contains(result.Trace.Steps, s => s.Helper == "gup_fast_permitted" && s.Decision == PgtableInvariants.Walkers.Tracing.Decision.Stop);
    }

    [Fact] // the 2-level model folds three levels: pagewalk holes are reported at real_depth 0.
    public void PageWalk_TwoLevelHole_IsAtDepthZero()
    {
        var model = ModelCatalogue.I386TwoLevel;
        var result = WalkerCatalogue.Find("pagewalk", model)!.Walk(model.NewAddressSpace(), WalkRange.Create(0x40_0000, 0x80_0000), WalkOptions.Default);
        Assert.Equal([new Hole(new VirtualAddress(0x40_0000), new VirtualAddress(0x80_0000), 0)], result.Holes);
    }

    [Fact] // riscv folds at boot with PTRS_PER 512, which real_depth cannot see: a hole in the Sv39 pgd is walk_pud_range's, depth 2.
    public void PageWalk_RiscvSv39TopLevelHole_IsAtDepthTwo()
    {
        var model = ModelCatalogue.Find("riscv/sv39@v6.1")!;
        var result = WalkerCatalogue.Find("pagewalk", model)!.Walk(model.NewAddressSpace(), WalkRange.Create(0x4000_0000, 0x8000_0000), WalkOptions.Default);
        Assert.Equal([new Hole(new VirtualAddress(0x4000_0000), new VirtualAddress(0x8000_0000), 2)], result.Holes);
    }
}
