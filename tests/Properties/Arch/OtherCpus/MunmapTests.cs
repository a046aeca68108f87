using PgtableInvariants.Arch;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;

namespace PgtableInvariants.Properties.Arch.OtherCpus;

/// <summary>munmap as unmap_region makes it: leaves cleared, then every table left without a mapping unhooked lowest
/// level first, then the TLB flush and the frees in the order of the architecture's mmu_gather.</summary>
public sealed class MunmapTests
{
    /// <summary>Two pages in one pte table, a third under the same pmd table: only the first pte table goes.</summary>
    private static AddressSpace TwoPagesAndANeighbour()
    {
        var mm = ModelCatalogue.X86FourLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(0x20_0000), new Pfn(0x100));
        mm.Map(new VirtualAddress(0x20_1000), new Pfn(0x101));
        mm.Map(new VirtualAddress(0x40_0000), new Pfn(0x200));
        return mm;
    }

    private static string[] Names(OtherCpuOperation op) => [.. op.Steps.Select(s => s.Name)];

    [Fact] // x86 without PARAVIRT: the table page goes with the gathered pages, after the flush's IPI.
    public void AfterIpiFlush_ClearsLeaves_UnhooksTheEmptyTable_WaitsForTheIpi_ThenFreesAndReuses()
    {
        var mm = TwoPagesAndANeighbour();
        var op = Munmap.Of(mm, new VirtualAddress(0x20_0000), new VirtualAddress(0x20_2000), TableFreeing.AfterIpiFlush, 0x666);

        Assert.Equal(["ptep_get_and_clear_full", "ptep_get_and_clear_full", "pmd_clear", "flush_tlb_mm_range", "free_pages_and_swap_cache", "alloc_pages"], Names(op));
        Assert.Equal("munmap(0x200000, 0x2000)", op.ToString());
        Assert.IsType<OtherCpuStep.WaitForIpi>(op.Steps[3]);
        var reuse = Assert.IsType<OtherCpuStep.ReuseTable>(op.Steps[5]);
        Assert.Equal((Level.Pte, "another task's data", 0x666UL), (reuse.Table.Level, reuse.Use, reuse.Word));
    }

    [Fact] // MMU_GATHER_RCU_TABLE_FREE: a broadcast flush, then call_rcu; the grace period is what waits.
    public void AfterGracePeriod_FlushesByBroadcast_ThenWaitsForTheGracePeriodBeforeFreeing()
    {
        var op = Munmap.Of(TwoPagesAndANeighbour(), new VirtualAddress(0x20_0000), new VirtualAddress(0x20_2000), TableFreeing.AfterGracePeriod, 0);

        Assert.Equal(["ptep_get_and_clear_full", "ptep_get_and_clear_full", "pmd_clear", "tlb_flush", "call_rcu(tlb_remove_table_rcu)", "__tlb_remove_table", "alloc_pages"], Names(op));
        Assert.False(op.Steps[3].Waits);
        Assert.True(op.Steps[4].Waits);
    }

    [Fact] // Made to the end, the grace period passes (no walker holds it up): the table page is freed and reused.
    public void AfterGracePeriod_MadeToTheEnd_FreesAndReusesTheTable()
    {
        var mm = TwoPagesAndANeighbour();
        var op = Munmap.Of(mm, new VirtualAddress(0x20_0000), new VirtualAddress(0x20_2000), TableFreeing.AfterGracePeriod, 0);
        OperationRun.ToTheEnd(mm, op);

        Assert.Equal(TablePageState.Reused, Assert.IsType<OtherCpuStep.FreeTable>(op.Steps[5]).Table.State);
    }

    [Fact] // free_pgtables frees the tables of one level in address order, whatever order their mappings were made in.
    public void TablesOfOneLevel_AreFreedInAddressOrder()
    {
        var mm = ModelCatalogue.X86FourLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(0x40_0000), new Pfn(0x200));
        mm.Map(new VirtualAddress(0x20_0000), new Pfn(0x100));
        var op = Munmap.Of(mm, new VirtualAddress(0x20_0000), new VirtualAddress(0x60_0000), TableFreeing.AtOnce, 0);

        var freed = op.Steps.OfType<OtherCpuStep.FreeTable>().Select(s => s.Table).Where(t => t.Level == Level.Pte).ToList();
        Assert.Equal(2, freed.Count);
        Assert.True(freed[0].Address < freed[1].Address);
    }

    [Fact] // i386 PAE: pmd_clear writes the low half, then the high half (arch/x86/include/asm/pgtable-3level.h).
    public void Pae_ClearsThePmdInHalves_LowThenHigh()
    {
        var mm = ModelCatalogue.I386Pae.NewAddressSpace();
        mm.Map(new VirtualAddress(0x20_0000), new Pfn(0x100));
        var op = Munmap.Of(mm, new VirtualAddress(0x20_0000), new VirtualAddress(0x20_1000), TableFreeing.AtOnce, 0);

        var halves = op.Steps.OfType<OtherCpuStep.StoreHalf>().ToList();
        Assert.Equal([("pmd_clear: pmd_low", false), ("pmd_clear: pmd_high", true)], halves.Select(h => (h.Name, h.High)));
    }

    [Fact] // Without a table freed there is no grace period to wait for.
    public void AfterGracePeriod_WithNoTableToFree_HasNoGracePeriod()
    {
        var op = Munmap.Of(TwoPagesAndANeighbour(), new VirtualAddress(0x20_0000), new VirtualAddress(0x20_1000), TableFreeing.AfterGracePeriod, 0);

        Assert.Equal(["ptep_get_and_clear_full", "tlb_flush"], Names(op));
    }

    [Fact] // riscv before 6.9: an SBI fence that waits for nobody, then the free.
    public void AfterBroadcastFlush_FreesRightAfterAFlushThatWaitsForNobody()
    {
        var op = Munmap.Of(TwoPagesAndANeighbour(), new VirtualAddress(0x20_0000), new VirtualAddress(0x20_2000), TableFreeing.AfterBroadcastFlush, 0);

        Assert.Equal(["ptep_get_and_clear_full", "ptep_get_and_clear_full", "pmd_clear", "flush_tlb_mm", "free_pages_and_swap_cache", "alloc_pages"], Names(op));
        Assert.DoesNotContain(op.Steps, s => s.Waits);
    }

    [Fact] // The mutant: each table freed and reused right after it is unhooked, upper tables too once empty.
    public void AtOnce_FreesEachTableRightAfterUnhookingIt_LowestFirst()
    {
        var mm = ModelCatalogue.X86FourLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(0x20_0000), new Pfn(0x100));
        var op = Munmap.Of(mm, new VirtualAddress(0x20_0000), new VirtualAddress(0x20_1000), TableFreeing.AtOnce, 0);

        Assert.Equal(["ptep_get_and_clear_full", "pmd_clear", "pte_free", "alloc_pages", "pud_clear", "pmd_free", "alloc_pages",
            "p4d_clear", "pud_free", "alloc_pages", "flush_tlb_mm"], Names(op));
    }

    [Fact] // Only mappings wholly inside the range go; a huge leaf is cleared with its own helper.
    public void OnlyWholeMappingsInsideTheRangeGo_AndAHugeLeafIsClearedAsAHugePmd()
    {
        var mm = ModelCatalogue.X86FourLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(0x20_0000), new Pfn(0x200), mm.Arch.Geometry.Leaf(Level.Pmd));
        mm.Map(new VirtualAddress(0x40_0000), new Pfn(0x400));

        var op = Munmap.Of(mm, new VirtualAddress(0x20_0000), new VirtualAddress(0x40_0000), TableFreeing.AfterIpiFlush, 0);

        var store = Assert.IsType<OtherCpuStep.Store>(op.Steps[0]);
        Assert.Equal("pmdp_huge_get_and_clear_full", store.Name);
        Assert.Equal(new VirtualAddress(0x20_0000), store.Ends!.Va);
        Assert.Equal(["pmdp_huge_get_and_clear_full", "flush_tlb_mm_range"], Names(op));
    }

    [Fact] // munmap of nothing is refused, naming the empty range.
    public void AnEmptyRange_IsRefused() =>
        Assert.Equal("[0x200000, 0x200000) is empty", Guard.Problem(Assert.Throws<ArgumentException>(() =>
            Munmap.Of(TwoPagesAndANeighbour(), new VirtualAddress(0x20_0000), new VirtualAddress(0x20_0000), TableFreeing.AtOnce, 0))));
}
