using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Properties.Arch;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.SlowGup;

namespace PgtableInvariants.Properties.Walkers.SlowGup;

/// <summary>Slow gup's <c>follow_page_mask</c>, page by page: a page it cannot follow is a one-page hole at the level
/// where the walk ended, named by the check that ended it; a huge leaf gives the frame of the address inside it.</summary>
public sealed class SlowGupWalkerTests
{
    private static readonly Model FourLevel = ModelCatalogue.X86FourLevel;

    private static WalkResult Walk(AddressSpace mm, ulong start, ulong end, bool write = false) =>
        new SlowGupWalker().Walk(mm, WalkRange.Create(start, end), WalkOptions.Default with { Write = write });

    private static string Why(WalkResult result) => Assert.Single(result.Trace.Steps, s => s.Helper == "no_page_table").Note!;

    private static VirtualAddress Va(ulong va) => new(va);

    [Fact]
    public void Walker_IsNamedAsInTheCatalogue()
    {
        var result = Walk(FourLevel.NewAddressSpace(), 0x1000, 0x2000);
        Assert.Equal((WalkerCatalogue.GupSlow, WalkerCatalogue.GupSlow), (new SlowGupWalker().Name, result.Walker));
    }

    [Fact] // Holes of pages next to each other join at one depth: 4 for a pte that is not present, 3 for a none pmd.
    public void PagesItCannotFollow_AreHolesAtTheDepthWhereTheWalkEnded()
    {
        var mm = FourLevel.NewAddressSpace();
        mm.Map(Va(0x1f_e000), new Pfn(0x1234));
        var result = Walk(mm, 0x1f_d000, 0x20_2000);
        Assert.Equal([new Hole(Va(0x1f_d000), Va(0x1f_e000), 4), new Hole(Va(0x1f_f000), Va(0x20_0000), 4), new Hole(Va(0x20_0000), Va(0x20_2000), 3)], result.Holes);
        Assert.Equal([(Va(0x1f_e000), new Pfn(0x1234))], result.EachPage());
    }

    [Fact] // follow_page_mask: pgd_none on an mm with no tables; x86-64 5-level has a real pgd.
    public void NonePgd_IsAHoleAtDepthZero()
    {
        var result = Walk(ModelCatalogue.X86FiveLevel.NewAddressSpace(), 0x1000, 0x2000);
        Assert.Null(result.Fault);
        Assert.Equal([new Hole(Va(0x1000), Va(0x2000), 0)], result.Holes);
        Assert.Equal("pgd_none", Why(result));
    }

    [Theory] // follow_page_pte: FOLL_WRITE on a read-only pte is no page (the fault path would break COW).
    [InlineData(false, VmFlags.Read, null)]
    [InlineData(true, VmFlags.Read, "!pte_present or !pte_write")]
    [InlineData(true, VmFlags.Read | VmFlags.Write, null)]
    public void Pte_IsFollowedWhenPresentAndWritableForAWrite(bool write, VmFlags flags, string? why)
    {
        var mm = FourLevel.NewAddressSpace();
        mm.Map(Va(0x1000), new Pfn(0x1234), flags);
        var result = Walk(mm, 0x1000, 0x2000, write);
        if (why is null)
            Assert.Equal([(Va(0x1000), new Pfn(0x1234))], result.EachPage());
        else
        {
            Assert.Empty(result.Pages);
            Assert.Equal([new Hole(Va(0x1000), Va(0x2000), 4)], result.Holes);
            Assert.Equal(why, Why(result));
        }
    }

    [Fact] // A read of a pte that is not present is no page for the reason "!pte_present" alone.
    public void AbsentPte_ForARead_IsNoPageAsNotPresent()
    {
        var mm = FourLevel.NewAddressSpace();
        mm.Map(Va(0x1000), new Pfn(0x1234));
        Assert.Equal("!pte_present", Why(Walk(mm, 0x2000, 0x3000)));
    }

    [Fact] // follow_page_mask stops at pmd_bad: a one-page hole at depth 3.
    public void BadPmd_IsAHoleAtDepthThree()
    {
        var mm = FourLevel.NewAddressSpace();
        mm.Map(Va(0x1000), new Pfn(0x1234));
        TableSlots.Change(mm, TableSlots.SlotOf(mm, 0x1000, Level.Pmd), pmd => pmd.Set(1UL << 8));
        var result = Walk(mm, 0x1000, 0x2000);
        Assert.Equal([new Hole(Va(0x1000), Va(0x2000), 3)], result.Holes);
        Assert.Equal("pmd_bad", Why(result));
    }

    [Fact] // follow_trans_huge_pmd: the frame of the address inside the 2M leaf.
    public void HugePmd_GivesTheFrameOfTheAddressInsideIt()
    {
        var mm = FourLevel.NewAddressSpace();
        mm.Map(Va(0x20_0000), new Pfn(0x400), FourLevel.Arch.HugeSizes.Single(s => s.Level == Level.Pmd));
        Assert.Equal([(Va(0x20_3000), new Pfn(0x403)), (Va(0x20_4000), new Pfn(0x404))], Walk(mm, 0x20_3000, 0x20_5000).EachPage());
    }

    [Theory] // s390 has pmd_leaf but no pud leaf helpers: a 2G region-3 leaf is followed as hugetlb, through huge_ptep_get
             // and huge_pte_write; a 1M segment leaf through pmd_write. A read-only leaf is no page for a write.
    [InlineData(Level.Pud, false, null)]
    [InlineData(Level.Pud, true, "huge_pte_none or !huge_pte_write(huge_ptep_get)")]
    [InlineData(Level.Pmd, false, null)]
    [InlineData(Level.Pmd, true, "pmd leaf not usable")]
    public void S390HugeLeaf_IsFollowedThroughTheHelpersOfItsLevel(Level level, bool write, string? why)
    {
        var model = ModelCatalogue.S390ThreeLevel;
        var size = model.Arch.HugeSizes.Single(s => s.Level == level);
        var mm = model.NewAddressSpace();
        var leaf = size.Bytes;
        mm.Map(Va(leaf), new Pfn(size.Frames), size, VmFlags.Read);
        var result = Walk(mm, leaf + 0x5000, leaf + 0x6000, write);
        if (why is null)
            Assert.Equal([(Va(leaf + 0x5000), new Pfn(size.Frames + 5))], result.EachPage());
        else
        {
            Assert.Empty(result.Pages);
            Assert.Equal([new Hole(Va(leaf + 0x5000), Va(leaf + 0x6000), (int)level)], result.Holes);
            Assert.Equal(why, Why(result));
        }
    }
}
