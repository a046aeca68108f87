using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Properties.Arch;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.GupFast;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Properties.Walkers;

/// <summary>What each era of gup_fast does differently (mm/gup.c of each era), on one page or leaf whose entry a test
/// changes by hand.</summary>
public sealed class GupFastEraTests
{
    private const ulong Nx = 1UL << 63;

    private static Model X86(string config, KernelEra era) => ModelCatalogue.For(config, era)!;

    private static WalkResult Walk(string walker, Model model, AddressSpace mm, ulong start, ulong end, WalkOptions? options = null) =>
        WalkerCatalogue.Find(walker, model)!.Walk(mm, WalkRange.Create(start, end), options ?? WalkOptions.Default);

    [Fact] // 70cbc3cc78a9 (6.0): after the grab, 6.1's pte loop re-reads *pmdp through the real pointer, then the pte.
    public void V61_PteLoop_RechecksThePmdThroughItsPointerBeforeThePte()
    {
        var model = X86("x86-64/4level", KernelEra.V6_1);
        var mm = model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x1234));
        var steps = Walk(WalkerCatalogue.GupFastV61, model, mm, 0x1000, 0x2000).Trace.Steps;
        var pmd = steps.Single(s => s.Helper == "pmd_val(*pmdp) recheck");
        var pte = steps.Single(s => s.Helper == "pte_val(*ptep) recheck");
        Assert.True(pmd.Index < pte.Index);
        Assert.Equal("gup_pte_range", pmd.Function);
        Assert.Equal(TableSlots.SlotOf(mm, 0x1000, PgtableInvariants.Arch.Levels.Level.Pmd).Address, pmd.Pointer!.Value.Address);
        Assert.IsType<Target.TableSlot>(pmd.Into);
        Assert.DoesNotContain(Walk(WalkerCatalogue.GupFastV59, ModelCatalogue.X86FourLevel, mm, 0x1000, 0x2000).Trace.Steps, s => s.Helper == "pmd_val(*pmdp) recheck");
    }

    [Fact] // 6.12 pte_offset_map(&pmd) clears a bad pmd in gup's stack copy and returns NULL; 6.1 walks it as a pte table.
    public void V612_BadPmd_IsClearedInTheStackCopyAndStops()
    {
        foreach (var era in new[] { KernelEra.V6_1, KernelEra.V6_12 })
        {
            var model = X86("x86-64/4level", era);
            var mm = model.NewAddressSpace();
            mm.Map(new VirtualAddress(0x20_0000), new Pfn(0x1234));
            var pmdp = TableSlots.SlotOf(mm, 0x20_0000, PgtableInvariants.Arch.Levels.Level.Pmd);
            TableSlots.Change(mm, pmdp, pmd => pmd.Set(Nx));
            var result = Walk(WalkerCatalogue.InEra(WalkerCatalogue.GupFastKind, era)!, model, mm, 0x20_0000, 0x20_1000);
            if (era == KernelEra.V6_1)
            {
                Assert.Equal(1UL, result.PageCount);
                continue;
            }
            Assert.Equal(0UL, result.PageCount);
            Assert.Contains(result.Trace.Steps, s => s.Helper == "pmd_bad(pmdval)" && s.Note == "pte_offset_map returns NULL");
            var clear = Assert.Single(result.Trace.Steps, s => s.Helper == "*pmdp in pmd_clear_bad(pmd)");
            Assert.IsType<Target.StackCopySlot>(clear.Into);
            Assert.Equal(0UL, clear.Value!.Value.Raw);
            Assert.Contains(result.Trace.Steps, s => s.Helper == "!ptep" && s.Decision == Decision.Stop);
            Assert.True(new Cpu(mm.Memory).Load(pmdp).Has(Nx));
        }
    }

    [Fact] // 6.12 gup_fast_pmd_leaf refuses pmd_special (bit 9, mm/gup.c 6.12:3145); 6.1 has no pmd_special and pins.
    public void V612_SpecialPmdLeaf_IsRefused()
    {
        foreach (var era in new[] { KernelEra.V6_1, KernelEra.V6_12 })
        {
            var model = X86("x86-64/4level", era);
            var mm = model.NewAddressSpace();
            mm.Map(new VirtualAddress(0x20_0000), new Pfn(0x1000), new PageSize(PgtableInvariants.Arch.Levels.Level.Pmd, 1UL << 21, 12), VmFlags.Read | VmFlags.Write);
            TableSlots.Change(mm, TableSlots.SlotOf(mm, 0x20_0000, PgtableInvariants.Arch.Levels.Level.Pmd), pmd => pmd.Set(1UL << 9));
            var result = Walk(WalkerCatalogue.InEra(WalkerCatalogue.GupFastKind, era)!, model, mm, 0x20_0000, 0x40_0000);
            Assert.Equal(era == KernelEra.V6_12 ? 0UL : 512UL, result.PageCount);
        }
        var v612 = X86("x86-64/4level", KernelEra.V6_12);
        var space = v612.NewAddressSpace();
        space.Map(new VirtualAddress(0x20_0000), new Pfn(0x1000), new PageSize(PgtableInvariants.Arch.Levels.Level.Pmd, 1UL << 21, 12), VmFlags.Read | VmFlags.Write);
        TableSlots.Change(space, TableSlots.SlotOf(space, 0x20_0000, PgtableInvariants.Arch.Levels.Level.Pmd), pmd => pmd.Set(1UL << 9));
        Assert.Contains(Walk(WalkerCatalogue.GupFastV612, v612, space, 0x20_0000, 0x40_0000).Trace.Steps,
            s => s.Helper == "gup_fast_pmd_leaf" && s.Decision == Decision.Stop && s.Note == "pmd_special");
    }

    [Fact] // 6.12 gup_fast_p4d_range stops at !p4d_present (mm/gup.c 6.12:3339); until 6.11 only p4d_none stops, so a
           // table entry that lost PRESENT is still descended.
    public void V612_P4dWithoutPresent_Stops()
    {
        foreach (var era in new[] { KernelEra.V6_1, KernelEra.V6_12 })
        {
            var model = X86("x86-64/5level", era);
            var mm = model.NewAddressSpace();
            mm.Map(new VirtualAddress(0x1000), new Pfn(0x1234));
            TableSlots.Change(mm, TableSlots.SlotOf(mm, 0x1000, PgtableInvariants.Arch.Levels.Level.P4d), p4d => p4d.Clear(1));
            var result = Walk(WalkerCatalogue.InEra(WalkerCatalogue.GupFastKind, era)!, model, mm, 0x1000, 0x2000);
            Assert.Equal(era == KernelEra.V6_12 ? 0UL : 1UL, result.PageCount);
            Assert.Equal(era == KernelEra.V6_12, result.Trace.Steps.Any(s => s.Helper == "!p4d_present" && s.Decision == Decision.Stop));
        }
    }

    [Fact] // E3: 5.8 forces FOLL_WRITE only for get_user_pages_fast (mm/gup.c 5.8:2789-2792), not for _fast_only.
    public void V58_FastOnly_IsNotForcedToWrite()
    {
        var model = ModelCatalogue.X86FourLevel;
        var mm = model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x1234), ModelCatalogue.X86FourLevel.Arch.Geometry.BasePage, VmFlags.Read);
        var fast = Walk(WalkerCatalogue.GupFastV58, model, mm, 0x1000, 0x2000);
        var fastOnly = Walk(WalkerCatalogue.GupFastV58, model, mm, 0x1000, 0x2000, WalkOptions.Default with { Call = GupCall.GetUserPagesFastOnly });
        Assert.Equal(0UL, fast.PageCount);
        Assert.True(fast.FollWrite);
        Assert.Contains(fast.Trace.Steps, s => s.Helper == "fast_flags |= FOLL_WRITE");
        Assert.Equal(1UL, fastOnly.PageCount);
        Assert.False(fastOnly.FollWrite);
        Assert.DoesNotContain(fastOnly.Trace.Steps, s => s.Helper == "fast_flags |= FOLL_WRITE");
        Assert.Equal(1UL, Walk(WalkerCatalogue.GupFastV59, model, mm, 0x1000, 0x2000).PageCount);
    }

    [Theory] // The trace speaks each era's names (mm/gup.c 6.1:2449-3066, 6.12:2935-3437).
    [InlineData("v6.1", "internal_get_user_pages_fast", "lockless_pages_from_mm", "gup_pud_range", "READ_ONCE(*pudp)", "ptep_get_lockless(ptep)")]
    [InlineData("v6.12", "gup_fast_fallback", "gup_fast", "gup_fast_pud_range", "pudp_get(pudp)", "ptep_get_lockless(ptep)")]
    public void Trace_NamesTheErasFunctionsAndReads(string era, string entry, string lockless, string pudRange, string pudRead, string pteRead)
    {
        var model = X86("x86-64/4level", KernelEra.Find(era)!);
        var mm = model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x1234));
        var steps = Walk(WalkerCatalogue.InEra(WalkerCatalogue.GupFastKind, KernelEra.Find(era)!)!, model, mm, 0x1000, 0x2000).Trace.Steps;
        Assert.Equal([entry, lockless], steps.Take(2).Select(s => s.Helper));
        Assert.Contains(steps, s => s.Function == pudRange && s.Helper == pudRead);
        Assert.Contains(steps, s => s.Helper == pteRead);
        Assert.Contains(steps, s => s.Helper == "pages[(*nr)++]");
    }
}
