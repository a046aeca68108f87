using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.GupFast;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Properties.Walkers;

/// <summary>How the fast path stops (mm/gup.c): at the first entry it refuses it returns what it pinned so far and
/// walks no further, and a faulting read ends the walk there.</summary>
public sealed class GupFastWalkerTests
{
    /// <summary>PGDIR_SIZE of x86-64 5-level paging, whose pgd is a real level (4-level folds p4d into it).</summary>
    private const ulong PgdirSize = 1UL << 48;

    private static WalkResult Walk(GupFastShape shape, AddressSpace mm, ulong start, ulong end, StackLayout layout = StackLayout.CallerCopy) =>
        new GupFastWalker(shape).Walk(mm, WalkRange.Create(start, end), new WalkOptions(layout));

    [Fact] // gup_pgd_range: if (pgd_none(pgd)) return; — nothing beyond the hole is pinned, though it is mapped.
    public void NonePgd_StopsTheWalk_BeforeTheMappedPgdAfterIt()
    {
        var mm = ModelCatalogue.X86FiveLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(PgdirSize), new Pfn(0x1234));
        var result = Walk(GupFastShape.V5_9, mm, PgdirSize - 0x1000, PgdirSize + 0x1000);
        Assert.Equal(0UL, result.PageCount);
        var stop = Assert.Single(result.Trace.Steps, s => s.Decision == Decision.Stop);
        Assert.Equal("pgd_none", stop.Helper);
        Assert.Equal(new Entry(PgtableInvariants.Arch.Levels.Level.Pgd, 0), stop.Value);
    }

    [Fact] // KASAN reports the read of the red zone and the walk ends there: no step follows the faulting load.
    public void FaultingRead_IsTheLastStepOfTheWalk()
    {
        const ulong boundary = 0x100_8000_0000;
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        foreach (var va in new[] { boundary - 4096, boundary })
            mm.Map(new VirtualAddress(va), new Pfn(va >> 12));
        var result = Walk(GupFastShape.V5_8, mm, boundary - 4096, boundary + 4096, StackLayout.RedZone);
        Assert.Equal(FaultKind.StackOutOfBounds, result.Fault?.Memory?.Kind);
        var steps = result.Trace.Steps;
        Assert.Equal(("READ_ONCE(*pudp)", "fault"), (steps[^2].Helper, steps[^1].Helper));
        Assert.Equal(result.Fault!.Step, steps[^1].Number);
    }

    [Fact] // s390 pte_protnone: present but not readable (PAGE_NONE); gup_pte_range refuses it before access_permitted.
    public void ProtNonePte_IsRefusedAsProtNone()
    {
        var model = ModelCatalogue.S390ThreeLevel;
        var mm = model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x1234), VmFlags.None);
        var result = Walk(GupFastShape.V5_9, mm, 0x1000, 0x2000);
        Assert.Equal(0UL, result.PageCount);
        Assert.Equal("pte_protnone", Assert.Single(result.Trace.Steps, s => s.Decision == Decision.Stop).Helper);
    }

    [Fact] // 6.12 gup_fast_pte_range: if (!ptep) return 0; after pte_offset_map refused a bad pmd.
    public void V612_UnmappablePteTable_ReturnsZero()
    {
        var model = ModelCatalogue.For("x86-64/4level", KernelEra.V6_12)!;
        var mm = model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x20_0000), new Pfn(0x1234));
        var cpu = new Cpu(mm.Memory);
        var va = new VirtualAddress(0x20_0000);
        var pmdp = model.Arch.PgdOffset(cpu, mm, va);
        while (pmdp.Level != PgtableInvariants.Arch.Levels.Level.Pmd)
            pmdp = model.Arch.Offset(cpu, pmdp, va);
        cpu.Store(pmdp, cpu.Load(pmdp).Set(1UL << 63)); // NX on a table pmd: pmd_bad
        var result = Walk(GupFastShape.V6_12, mm, 0x20_0000, 0x20_1000);
        var stop = Assert.Single(result.Trace.Steps, s => s.Decision == Decision.Stop);
        Assert.Equal(("!ptep", "return 0"), (stop.Helper, stop.Note));
    }

    [Theory] // gup_pte_range: pte_devmap needs a dev_pagemap the model has none of; pte_special is never pinned.
    [InlineData(1UL << 58, "pte_devmap (no dev_pagemap)")]
    [InlineData(1UL << 9, "pte_special")]
    public void DevmapOrSpecialPte_IsRefused(ulong bit, string refusal)
    {
        var model = ModelCatalogue.X86FourLevel;
        var mm = model.NewAddressSpace();
        var va = new VirtualAddress(0x1000);
        mm.Map(va, new Pfn(0x1234));
        var cpu = new Cpu(mm.Memory);
        var ptep = model.Arch.PgdOffset(cpu, mm, va);
        while (ptep.Level != PgtableInvariants.Arch.Levels.Level.Pte)
            ptep = model.Arch.Offset(cpu, ptep, va);
        cpu.Store(ptep, cpu.Load(ptep).Set(bit));
        var result = Walk(GupFastShape.V5_9, mm, 0x1000, 0x2000);
        Assert.Equal(0UL, result.PageCount);
        Assert.Equal(refusal, Assert.Single(result.Trace.Steps, s => s.Decision == Decision.Stop).Helper);
    }

    [Fact] // s390 pmd_protnone: a 1M segment leaf without read permission; gup_pmd_range refuses it and
    // returns, so the readable page of the next segment is not pinned either.
    public void ProtNoneHugePmd_IsRefusedAsProtNone()
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(0x10_0000), new Pfn(0x100), new PageSize(PgtableInvariants.Arch.Levels.Level.Pmd, 1UL << 20, 12), VmFlags.None);
        mm.Map(new VirtualAddress(0x20_0000), new Pfn(0x200));
        var result = Walk(GupFastShape.V5_9, mm, 0x10_0000, 0x20_1000);
        Assert.Equal(0UL, result.PageCount);
        Assert.Equal("pmd_protnone", Assert.Single(result.Trace.Steps, s => s.Decision == Decision.Stop).Helper);
    }

    [Fact] // gup_pud_range: if (unlikely(!pud_present(pud))) return 0; — the mapped pud after the hole is not reached.
    public void NonePud_StopsTheWalk_BeforeTheMappedPudAfterIt()
    {
        var mm = ModelCatalogue.X86FourLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(0x4000_0000), new Pfn(0x1234));
        var result = Walk(GupFastShape.V5_9, mm, 0x3fff_f000, 0x4000_1000);
        Assert.Equal(0UL, result.PageCount);
        Assert.Equal("!pud_present", Assert.Single(result.Trace.Steps, s => s.Decision == Decision.Stop).Helper);
    }

    [Fact] // gup_pmd_range: if (!pmd_present(pmd)) return 0; — the same one level down.
    public void NonePmd_StopsTheWalk_BeforeTheMappedPmdAfterIt()
    {
        var mm = ModelCatalogue.X86FourLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(0x20_0000), new Pfn(0x1234));
        var result = Walk(GupFastShape.V5_9, mm, 0x1f_f000, 0x20_1000);
        Assert.Equal(0UL, result.PageCount);
        Assert.Equal("!pmd_present", Assert.Single(result.Trace.Steps, s => s.Decision == Decision.Stop).Helper);
    }

    [Fact] // 6.12 gup_fast_fallback: end > TASK_SIZE_MAX is refused, end == TASK_SIZE_MAX is not.
    public void V612_RangeEndingAtTaskSizeMax_IsWalked()
    {
        var mm = ModelCatalogue.Find("x86-64/4level@v6.12")!.NewAddressSpace();
        var top = mm.Arch.TaskSizeMax;
        mm.Map(new VirtualAddress(top - 0x1000), new Pfn(0x1234));
        var result = Walk(GupFastShape.V6_12, mm, top - 0x1000, top);
        Assert.Equal(1UL, result.PageCount);
        Assert.DoesNotContain(result.Trace.Steps, s => s.Decision == Decision.Stop);
    }
}
