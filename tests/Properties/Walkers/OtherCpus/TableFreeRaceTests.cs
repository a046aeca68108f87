using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.GupFast;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Properties.Walkers.OtherCpus;

/// <summary>"The page tables can get modified under us, but the old pages won't be released and re-used": gup_fast
/// against a munmap on another CPU that frees the pte table the walk is about to read.</summary>
public sealed class TableFreeRaceTests
{
    /// <summary>A word of the task that gets the freed page: to gup_fast, a present, user, writable pte of pfn 0x666.</summary>
    private const ulong ReusedWord = 0x666_067;

    private static readonly WalkRange Range = WalkRange.Create(0x20_0000, 0x20_2000);

    /// <summary>Two pages in one pte table, a third in the next, so that only the first table is freed; gup_fast over
    /// the two, CPU 1 unmapping them right after the walker read the pmd: every step of the munmap comes just before
    /// the walker's load of the first pte.</summary>
    private static (WalkResult Walk, AddressSpace Mm) Race(TableFreeing freeing)
    {
        var mm = ModelCatalogue.X86FourLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(0x20_0000), new Pfn(0x100));
        mm.Map(new VirtualAddress(0x20_1000), new Pfn(0x101));
        mm.Map(new VirtualAddress(0x40_0000), new Pfn(0x200));
        var walker = new GupFastWalker(GupFastShape.V5_9);
        var alone = walker.Walk(mm, Range, WalkOptions.Default).Trace.Steps.Where(s => s.IsLoad).ToList();
        var firstPte = alone.FindIndex(s => s.Into?.TableLevel == Level.Pte);
        var munmap = Munmap.Of(mm, Range.Start, Range.End, freeing, ReusedWord);
        var plan = new Interleaving([munmap], [.. munmap.Steps.Select(_ => (long)firstPte)]);
        return (walker.Walk(mm, Range, new WalkOptions(OtherCpus: plan)), mm);
    }

    [Fact] // x86 without PARAVIRT: the table page is freed after flush_tlb_mm_range's IPI, which the walker holds up
           // until its walk is over.
    public void TableFreedAfterTheIpi_IsNeverReadFreed_TheWalkerSeesTheClearedPtes()
    {
        var (walk, mm) = Race(TableFreeing.AfterIpiFlush);

        Assert.DoesNotContain(walk.Trace.Steps, s => s.Into is Target.FreedTableSlot);
        Assert.Equal(0UL, walk.PageCount);
        var held = Assert.Single(walk.Trace.Steps, s => s.Cpu == 1 && s.Held);
        Assert.Equal("flush_tlb_mm_range", held.Helper);
        var lastOfWalker = walk.Trace.Steps.Last(s => s.Cpu == 0).Index;
        Assert.True(walk.Trace.Steps.Single(s => s.Helper == "free_pages_and_swap_cache").Index > lastOfWalker, "freed during the walk");
        Assert.Equal(1, mm.Memory.Tables.Count(t => t.Level == Level.Pte));
    }

    [Fact] // The mutant: freed and reused at once, the page is read by the walker, which pins what the new owner wrote.
    public void TableFreedAtOnce_IsReadAfterReuse_AndItsGarbagePinned()
    {
        var (walk, _) = Race(TableFreeing.AtOnce);

        var read = Assert.IsType<Target.FreedTableSlot>(walk.Trace.Steps.First(s => s.IsLoad && s.Into is Target.FreedTableSlot).Into);
        Assert.Equal("another task's data", read.ReusedAs);
        Assert.Equal([(new VirtualAddress(0x20_0000), new Pfn(0x666)), (new VirtualAddress(0x20_1000), new Pfn(0x666))], walk.EachPage());
        Assert.DoesNotContain(walk.Trace.Steps, s => s.Cpu == 1 && s.Held);
    }
}
