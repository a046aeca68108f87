using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using static PgtableInvariants.Properties.Arch.TableSlots;

namespace PgtableInvariants.Properties.Arch;

/// <summary>s390 dynamic address translation as the z/Architecture Principles of Operation states it (chapter 3, "Dynamic
/// Address Translation"), on tables the s390 helpers build and on entries changed by hand where Linux never writes
/// them. Program-interruption codes: protection 0x04, addressing 0x05, segment translation 0x10, translation
/// specification 0x12, ASCE type 0x38, region-second and region-third translation 0x3a and 0x3b.</summary>
public sealed class S390DatTests
{
    private static readonly ulong Page = 0x10000;

    private static Translation Translate(AddressSpace mm, ulong va, Access access = Access.Read) =>
        new S390Dat().Translate(new Cpu(mm.Memory), mm, new VirtualAddress(va), access);

    private static HardwareFault Pgm(ulong code) => new("PGM", code);

    /// <summary>An mm of <paramref name="model"/> with a 4 KiB page at each of <paramref name="vas"/>, frame 0x200 upwards.</summary>
    private static AddressSpace MapPages(Model model, params ulong[] vas)
    {
        var mm = model.NewAddressSpace();
        for (var i = 0; i < vas.Length; i++)
            mm.Map(new VirtualAddress(vas[i]), new Pfn(0x200 + (ulong)i));
        return mm;
    }

    [Fact] // PoP, DAT: a segment-table designation (ASCE type 00) translates the first 2 GiB; an index above it in the region
           // third, second or first index is an ASCE-type exception (the 2-level mm of a 31-bit task; no modelled era makes one).
    public void SegmentTableDesignation_TranslatesTwoGiB_AndRefusesEveryRegionIndex()
    {
        var mm = MapPages(ModelCatalogue.S390ThreeLevel, Page, 0x7000_0000);
        mm.Pgd = mm.Arch.TableAddress(new Cpu(mm.Memory).Load(SlotOf(mm, Page, Level.Pud)));
        mm.AsceLimit = 1UL << 31;
        Assert.Equal(new Pfn(0x200), Translate(mm, Page).Pfn);
        Assert.Equal(new Pfn(0x201), Translate(mm, 0x7000_0000).Pfn);
        Assert.Equal(Pgm(0x38), Translate(mm, (1UL << 31) + Page).Fault);
        Assert.Equal(Pgm(0x38), Translate(mm, (1UL << 42) + Page).Fault);
        Assert.Equal(Pgm(0x38), Translate(mm, (1UL << 53) + Page).Fault);
    }

    [Fact] // PoP, DAT: a region-third-table designation refuses a region-second or region-first index with an ASCE-type exception.
    public void RegionThirdDesignation_RefusesRegionFirstAndSecondIndexes()
    {
        var mm = MapPages(ModelCatalogue.S390ThreeLevel, Page);
        Assert.Equal(new Pfn(0x200), Translate(mm, Page).Pfn);
        Assert.Equal(Pgm(0x38), Translate(mm, (1UL << 42) + Page).Fault);
        Assert.Equal(Pgm(0x38), Translate(mm, (1UL << 53) + Page).Fault);
    }

    [Theory] // PoP, DAT: a region entry's table length bounds the top two bits of the next index (address bits 51-52 for a
             // region-first entry, 40-41 for a region-second, 29-30 for a region-third): beyond it is a region-second,
             // region-third or segment translation exception.
    [InlineData(5, Level.Pgd, 51, 0x3aUL)]
    [InlineData(4, Level.P4d, 40, 0x3bUL)]
    [InlineData(3, Level.Pud, 29, 0x10UL)]
    public void RegionEntry_TableLength_BoundsTheNextIndex(int levels, Level level, int bit, ulong code)
    {
        var high = (1UL << bit) + Page;
        var mm = MapPages(ModelCatalogue.Find($"s390/{levels}level")!, Page, high);
        ChangeRaw(mm, SlotOf(mm, Page, level), e => e & ~3UL);
        Assert.Equal(new Pfn(0x200), Translate(mm, Page).Pfn);
        Assert.Equal(Pgm(code), Translate(mm, high).Fault);
    }

    [Fact] // PoP, DAT: a region entry's table offset is the lower bound: with TF 1 the first quarter of the next table is a
           // region-second translation exception under a region-first entry, and the second quarter translates.
    public void RegionFirstEntry_TableOffset_BoundsTheRegionSecondIndexFromBelow()
    {
        var high = (1UL << 51) + Page;
        var mm = MapPages(ModelCatalogue.S390FiveLevel, Page, high);
        ChangeRaw(mm, SlotOf(mm, Page, Level.Pgd), e => e | 0x40);
        Assert.Equal(Pgm(0x3a), Translate(mm, Page).Fault);
        Assert.Equal(new Pfn(0x201), Translate(mm, high).Pfn);
    }

    [Theory] // PoP, DAT: the DAT-protection bit of any region-table entry on the way protects everything below it, table
             // entries included (Linux sets it only in leaves).
    [InlineData(5, Level.Pgd)]
    [InlineData(4, Level.P4d)]
    [InlineData(3, Level.Pud)]
    public void ProtectedRegionTableEntry_RefusesAWrite(int levels, Level level)
    {
        var mm = MapPages(ModelCatalogue.Find($"s390/{levels}level")!, Page);
        ChangeRaw(mm, SlotOf(mm, Page, level), e => e | 0x200);
        Assert.Equal(new Pfn(0x200), Translate(mm, Page).Pfn);
        Assert.Equal(Pgm(0x04), Translate(mm, Page, Access.Write).Fault);
    }

    [Theory] // PoP, DAT: a table origin outside the configuration is an addressing exception, at whatever level it is read.
    [InlineData(Level.Pud)]
    [InlineData(Level.Pmd)]
    public void TableOriginOutsideMemory_IsAnAddressingException(Level level)
    {
        var mm = MapPages(ModelCatalogue.S390ThreeLevel, Page);
        ChangeRaw(mm, SlotOf(mm, Page, level), e => (e & 0xfff) | 0x1000);
        Assert.Equal(Pgm(0x05), Translate(mm, Page).Fault);
    }

    [Fact] // PoP, DAT: an ASCE whose table origin is outside the configuration is an addressing exception at the first read.
    public void AsceOriginOutsideMemory_IsAnAddressingException()
    {
        var mm = MapPages(ModelCatalogue.S390ThreeLevel, Page);
        mm.Pgd = 0x1000;
        Assert.Equal(Pgm(0x05), Translate(mm, Page).Fault);
    }

    [Theory] // PoP, DAT: a region entry of another table's type, a segment entry with type bits, or a pte with bit 52 (0x800)
             // set is a translation-specification exception.
    [InlineData(Level.Pud, 0x0cUL)]
    [InlineData(Level.Pmd, 0x04UL)]
    [InlineData(Level.Pte, 0x800UL)]
    public void MalformedEntry_IsATranslationSpecificationException(Level level, ulong bits)
    {
        var mm = MapPages(ModelCatalogue.S390ThreeLevel, Page);
        ChangeRaw(mm, SlotOf(mm, Page, level), e => level == Level.Pud ? (e & ~0x0cUL) | bits : e | bits);
        Assert.Equal(Pgm(0x12), Translate(mm, Page).Fault);
    }

    [Fact] // PoP, DAT: with no DAT-protection bit on the way, a store translates, through a 4 KiB page and a 1 MiB
           // (EDAT-1) segment leaf alike.
    public void UnprotectedWalk_AllowsAStore()
    {
        var mm = MapPages(ModelCatalogue.S390ThreeLevel, Page);
        mm.Map(new VirtualAddress(0x10_0000 * 3), new Pfn(0x300), new PageSize(Level.Pmd, 1UL << 20, 12), VmFlags.Read | VmFlags.Write);
        Assert.Equal(new Pfn(0x200), Translate(mm, Page, Access.Write).Pfn);
        Assert.Equal(new Pfn(0x305), Translate(mm, 0x30_5000, Access.Write).Pfn);
        ChangeRaw(mm, SlotOf(mm, 0x30_5000, Level.Pmd), e => e | 0x200);
        Assert.Equal(Pgm(0x04), Translate(mm, 0x30_5000, Access.Write).Fault);
        ChangeRaw(mm, SlotOf(mm, Page, Level.Pte), e => e | 0x200);
        Assert.Equal(Pgm(0x04), Translate(mm, Page, Access.Write).Fault);
    }
}
