using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Properties.Arch;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.PageWalk;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Properties.Walkers.PageWalk;

/// <summary>mm/pagewalk.c without a VMA: where it reports holes and at which depth, how a bad entry is cleared, how
/// each loop spends the step budget, and how an entry that changes under the walk is redone (ACTION_AGAIN).</summary>
public sealed class PageWalkerTests
{
    private static readonly Model FourLevel = ModelCatalogue.X86FourLevel;
    private static readonly Model FiveLevel = ModelCatalogue.X86FiveLevel;
    private static readonly Model FourLevelV612 = ModelCatalogue.For("x86-64/4level", KernelEra.V6_12)!;

    /// <summary>_PAGE_GLOBAL: no table entry may have it, so it makes any of them bad (pgd_bad … pmd_bad).</summary>
    private const ulong Global = 1UL << 8;

    private static WalkResult Walk(PageWalkShape shape, AddressSpace mm, ulong start, ulong end, int budget = 1 << 20) =>
        new PageWalker(shape).Walk(mm, WalkRange.Create(start, end), new WalkOptions(StepBudget: budget));

    private static AddressSpace MappedAt(Model model, ulong va)
    {
        var mm = model.NewAddressSpace();
        mm.Map(new VirtualAddress(va), new Pfn(0x1234));
        return mm;
    }

    [Fact] // start >= end is -EINVAL: [0, 0), the whole space in WalkRange's reading, is refused, not walked.
    public void WholeSpaceFromZero_IsRefused()
    {
        var result = Walk(PageWalkShape.V5_8, MappedAt(FourLevel, 0x1000), 0, 0, budget: 64);
        Assert.Null(result.Fault);
        Assert.Empty(result.Pages);
        Assert.Equal("-EINVAL", Assert.Single(result.Trace.Steps, s => s.Decision == Decision.Stop).Note);
    }

    [Theory] // pte_hole(addr, next, real_depth(depth)): pgd 0, p4d 1, pud 2, pmd 3; x86-64 4-level folds p4d, so its none
             // p4d is a hole at depth 0.
    [InlineData(5, 0UL, 1UL << 48, 0)]
    [InlineData(5, (1UL << 48) - 0x1000, 1UL << 39, 1)]
    [InlineData(4, 0UL, 1UL << 39, 0)]
    [InlineData(4, (1UL << 39) - 0x1000, 1UL << 30, 2)]
    [InlineData(4, (1UL << 30) - 0x1000, 1UL << 21, 3)]
    public void NoneEntry_IsOneHoleAtTheRealDepthOfItsLevel(int levels, ulong mapped, ulong end, int depth)
    {
        var model = levels == 5 ? FiveLevel : FourLevel;
        var mm = mapped == 0 ? model.NewAddressSpace() : MappedAt(model, mapped);
        var result = Walk(PageWalkShape.V5_8, mm, 0, end);
        Assert.Equal([new Hole(new VirtualAddress(0), new VirtualAddress(end), depth)], result.Holes);
        Assert.Empty(result.Pages);
    }

    [Theory] // pXd_none_or_clear_bad: a bad pgd or p4d is reported, cleared through its pointer and walked as a hole.
    [InlineData(Level.Pgd, 0)]
    [InlineData(Level.P4d, 1)]
    public void BadUpperEntry_IsClearedAndIsAHole(Level level, int depth)
    {
        var mm = MappedAt(FiveLevel, 0x1000);
        var slot = TableSlots.SlotOf(mm, 0x1000, level);
        TableSlots.Change(mm, slot, e => e.Set(Global));
        var result = Walk(PageWalkShape.V5_8, mm, 0, 0x2000);
        Assert.Empty(result.Pages);
        Assert.Equal([new Hole(new VirtualAddress(0), new VirtualAddress(0x2000), depth)], result.Holes);
        Assert.True(FiveLevel.Arch.None(TableSlots.Read(mm, slot)));
        var name = level.Name();
        Assert.Equal(Decision.Hole, Assert.Single(result.Trace.Steps, s => s.Helper == $"{name}_clear_bad").Decision);
        Assert.Contains(result.Trace.Steps, s => s.Helper == $"*{name}p in {name}_clear_bad" && !s.IsLoad && s.Pointer?.Address == slot.Address);
    }

    [Fact] // The loads a helper makes itself are loads in the trace: pud_offset reads *p4dp.
    public void HelperLoad_IsTracedAsALoad()
    {
        var result = Walk(PageWalkShape.V5_8, MappedAt(FourLevel, 0x1000), 0, 0x2000);
        Assert.All(result.Trace.Steps.Where(s => s.Helper == "*p4dp in pud_offset"), s => Assert.True(s.IsLoad));
        Assert.Contains(result.Trace.Steps, s => s.Helper == "*p4dp in pud_offset");
    }

    [Theory] // Every loop spends the budget, one step per entry, and a walk stopped by it ends on the budget's own step,
             // at the depth of the loop it stopped: no caller goes on to its pXd++.
    [InlineData(5, 0UL, 1UL << 48)]
    [InlineData(5, (1UL << 48) - 0x1000, 1UL << 39)]
    [InlineData(4, (1UL << 39) - 0x1000, 1UL << 30)]
    [InlineData(4, (1UL << 30) - 0x1000, 1UL << 21)]
    [InlineData(4, (1UL << 21) - 0x1000, 1UL << 12)]
    public void HundredEntries_OfAnyLevel_SpendABudgetOfForty(int levels, ulong mapped, ulong entrySize)
    {
        var model = levels == 5 ? FiveLevel : FourLevel;
        var mm = mapped == 0 ? model.NewAddressSpace() : MappedAt(model, mapped);
        var result = Walk(PageWalkShape.V5_8, mm, 0, 100 * entrySize, budget: 40);
        Assert.Equal(WalkFaultKind.StepBudget, result.Fault?.Kind);
        var steps = result.Trace.Steps;
        Assert.Equal(("step budget", Decision.Fault, result.Fault!.Step), (steps[^1].Helper, steps[^1].Decision, steps[^1].Number));
        Assert.Equal(steps[^2].Depth, steps[^1].Depth);
    }

    [Fact] // StepBudget counts loop iterations: pgd, p4d, pud and pmd once each and 8 ptes are 12; 11 stop the walk.
    public void BudgetOfExactlyTheIterations_CompletesTheWalk()
    {
        Assert.Null(Walk(PageWalkShape.V5_8, MappedAt(FourLevel, 0x1000), 0, 0x8000, budget: 12).Fault);
        Assert.Equal(WalkFaultKind.StepBudget, Walk(PageWalkShape.V5_8, MappedAt(FourLevel, 0x1000), 0, 0x8000, budget: 11).Fault?.Kind);
    }

    [Fact] // 6.12 walk_pte_range: pte_offset_map refuses a bad pmd after pmd_clear_bad, ACTION_AGAIN redoes the pmd, now
           // none: a hole. Up to 6.4 pte_offset_kernel cannot fail and the page under the bad pmd is found.
    public void BadPmd_IsRedoneAsAHoleIn612_AndWalkedBefore()
    {
        var mm = MappedAt(FourLevelV612, 0x1000);
        TableSlots.Change(mm, TableSlots.SlotOf(mm, 0x1000, Level.Pmd), e => e.Set(Global));
        var v612 = Walk(PageWalkShape.V6_12, mm, 0, 0x2000);
        Assert.Empty(v612.Pages);
        Assert.Equal([new Hole(new VirtualAddress(0), new VirtualAddress(0x2000), 3)], v612.Holes);
        var again = Assert.Single(v612.Trace.Steps, s => s.Helper == "walk->action = ACTION_AGAIN");
        Assert.Equal(again.Depth - 1, Assert.Single(v612.Trace.Steps, s => s.Decision == Decision.Hole).Depth);

        var old = MappedAt(FourLevel, 0x1000);
        TableSlots.Change(old, TableSlots.SlotOf(old, 0x1000, Level.Pmd), e => e.Set(Global));
        Assert.Equal([(new VirtualAddress(0x1000), new Pfn(0x1234))], Walk(PageWalkShape.V5_8, old, 0, 0x2000).EachPage());
    }

    [Theory] // 6.12 walk_pte_range without a VMA: pte_offset_kernel at or above TASK_SIZE, pte_offset_map below; 5.8 has
             // only pte_offset_map. The pte table of the last user page also covers TASK_SIZE_MAX.
    [InlineData("pagewalk/v6.12", 0x7fff_ffff_f000UL, "pte_offset_kernel")]
    [InlineData("pagewalk/v6.12", 0x7fff_ffff_e000UL, "pte_offset_map")]
    [InlineData("pagewalk", 0x7fff_ffff_f000UL, "pte_offset_map")]
    public void PteTable_IsMappedByTheHelperOfTheAddress(string walker, ulong start, string helper)
    {
        var model = ModelCatalogue.For("x86-64/4level", WalkerCatalogue.EraOf(walker)!)!;
        var mm = MappedAt(model, model.Arch.TaskSizeMax - 0x1000);
        var result = WalkerCatalogue.Find(walker, model)!.Walk(mm, WalkRange.Create(start, 1UL << 47), WalkOptions.Default);
        var pointer = Assert.Single(result.Trace.Steps, s => s.Helper.StartsWith("pte_offset_", StringComparison.Ordinal) && s.Pointer is not null);
        Assert.Equal(helper, pointer.Helper);
    }

    [Theory] // A pud cleared by another CPU after walk_pud_range's checks is not descended: 5.8's pud_none goto again,
             // 6.12's pudp_get in walk_pmd_range and ACTION_AGAIN; the redone pud is a hole.
    [InlineData("pagewalk")]
    [InlineData("pagewalk/v6.12")]
    public void PudClearedUnderTheWalk_IsRedoneAsAHole(string walker)
    {
        var model = ModelCatalogue.For("x86-64/4level", WalkerCatalogue.EraOf(walker)!)!;
        var arch = new OtherCpuStore(model.Arch);
        var mm = new AddressSpace(arch);
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x1234));
        arch.Arm(mm.Memory, TableSlots.SlotOf(mm, 0x1000, Level.Pud), new Entry(Level.Pud, 0));
        var result = WalkerCatalogue.Find(walker, model with { Arch = arch })!.Walk(mm, WalkRange.Create(0, 0x2000), WalkOptions.Default);
        Assert.Null(result.Fault);
        Assert.Empty(result.Pages);
        Assert.Equal([new Hole(new VirtualAddress(0), new VirtualAddress(0x2000), 2)], result.Holes);
    }

    [Fact] // 6.12 walk_pmd_range: a pud that became a leaf (a collapse under the walk) is not walked as a pmd table but
           // redone, and the pud_entry op reports the leaf.
    public void V612_PudThatBecameALeaf_IsRedoneAndReportedWhole()
    {
        var arch = new OtherCpuStore(FourLevelV612.Arch);
        var mm = new AddressSpace(arch);
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x1234));
        var gigabyte = FourLevelV612.Arch.HugeSizes.Single(s => s.Level == Level.Pud);
        arch.Arm(mm.Memory, TableSlots.SlotOf(mm, 0x1000, Level.Pud), FourLevelV612.Arch.MakeLeaf(gigabyte, new Pfn(0x40000), VmFlags.Read));
        var result = new PageWalker(PageWalkShape.V6_12).Walk(mm, WalkRange.Create(0, 0x2000), WalkOptions.Default);
        Assert.Null(result.Fault);
        Assert.Equal([(new VirtualAddress(0), new Pfn(0x40000)), (new VirtualAddress(0x1000), new Pfn(0x40001))], result.EachPage());
        Assert.Single(result.Trace.Steps, s => s.Helper == "walk->action = ACTION_AGAIN");
    }
}
