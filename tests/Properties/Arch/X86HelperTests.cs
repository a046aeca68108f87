using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Arch;

/// <summary>x86-64 helpers in their 5.8/5.9 forms (kernel-facts 5).</summary>
public sealed class X86HelperTests
{
    private static readonly Model FourLevel = ModelCatalogue.X86FourLevel;
    private static readonly Model FiveLevel = ModelCatalogue.X86FiveLevel;
    private static readonly Model La57OnFour = ModelCatalogue.X86La57OnFourLevel;

    [Fact] // kernel-facts 5.1: with l5 off, p4d_offset returns (p4d_t *)pgdp and pgd_none is 0.
    public void La57OnFourLevel_P4dOffsetReturnsItsArgument_AndPgdHelpersAreVacuous()
    {
        var mm = La57OnFour.NewAddressSpace();
        var cpu = new Cpu(mm.Memory);
        var pgdp = La57OnFour.Arch.PgdOffset(cpu, mm, new VirtualAddress(0x7fff_0000_0000));
        Assert.Equal(pgdp.Address, La57OnFour.Arch.Offset(cpu, pgdp, new VirtualAddress(0x7fff_0000_0000)).Address);
        Assert.False(La57OnFour.Arch.None(new Entry(Level.Pgd, 0)));
        Assert.True(La57OnFour.Arch.Present(new Entry(Level.Pgd, 0)));
        Assert.False(La57OnFour.Arch.Bad(new Entry(Level.Pgd, 0xdead)));
        Assert.True(La57OnFour.Arch.None(new Entry(Level.P4d, 0)));
    }

    [Fact] // c65e774fb3f6: PGDIR_SHIFT is 39 at run time, and p4d_addr_end is the generic formula with P4D_SIZE 2^39.
    public void La57OnFourLevel_P4dAddrEndStopsAtPgdBoundary_WhileNop4dReturnsEnd()
    {
        var addr = new VirtualAddress(0x1000);
        var end = new VirtualAddress(1UL << 40);
        Assert.Equal(new VirtualAddress(1UL << 39), La57OnFour.Arch.AddrEnd(Level.P4d, addr, end));
        Assert.Equal(end, FourLevel.Arch.AddrEnd(Level.P4d, addr, end));
    }

    [Fact] // kernel-facts 5.1: with LA57, pgd_none is (val == 0) and pgd is a real level at shift 48.
    public void FiveLevel_PgdIsReal()
    {
        Assert.True(FiveLevel.Arch.None(new Entry(Level.Pgd, 0)));
        Assert.False(FiveLevel.Arch.Geometry[Level.P4d].IsFolded);
        Assert.Equal(1, FiveLevel.Arch.Index(Level.Pgd, new VirtualAddress(1UL << 48)));
    }

    [Fact] // kernel-facts 5.1: 5.8 pmd_bad requires PRESENT, RW, ACCESSED and DIRTY; a table entry without A is bad.
    public void PmdBad_TableWithoutAccessed_IsBad()
    {
        Assert.False(FourLevel.Arch.Bad(new Entry(Level.Pmd, 0x1234_5000 | 0x67)));
        Assert.True(FourLevel.Arch.Bad(new Entry(Level.Pmd, 0x1234_5000 | 0x47)));
        Assert.True(FourLevel.Arch.Bad(new Entry(Level.Pmd, 0x1234_5000 | 0x67 | (1UL << 63))));
    }

    [Fact] // kernel-facts 5.1: pud_large needs PSE and PRESENT; pud_huge is PSE alone; pmd_huge is true for
           // a non-present entry that is not none.
    public void LeafAndHuge_DifferOnNonPresentEntries()
    {
        var arch = FourLevel.Arch;
        Assert.False(arch.Leaf(new Entry(Level.Pud, 0x4000_0000 | 0x80)));
        Assert.True(arch.Huge(new Entry(Level.Pud, 0x4000_0000 | 0x80)));
        Assert.True(arch.Huge(new Entry(Level.Pmd, 0x4000_0000 | 0x100)));
        Assert.False(arch.Huge(new Entry(Level.Pmd, 0x20 | 0x40)));
    }

    [Fact] // kernel-facts 5.2: in 5.8/5.9 DEVMAP is bit 58.
    public void Devmap_IsBit58()
    {
        Assert.True(FourLevel.Arch.Devmap(new Entry(Level.Pmd, 1UL << 58)));
        Assert.False(FourLevel.Arch.Devmap(new Entry(Level.Pmd, 1UL << 57)));
    }

    [Fact] // kernel-facts 5.2: a PSE leaf's frame is PMD_PAGE_MASK within 52 bits; PAT_LARGE (bit 12) is not part of it.
    public void PfnOfHugePmd_IgnoresPatLarge()
    {
        var pmd = new Entry(Level.Pmd, 0x4020_0000 | 0x1000 | 0x80 | 0x67);
        Assert.Equal(new Pfn(0x40200), FourLevel.Arch.Pfn(pmd));
    }

    [Fact] // pXd_populate writes _PAGE_TABLE = PRESENT|RW|USER|ACCESSED|DIRTY.
    public void TableEntry_IsPageTable()
    {
        Assert.Equal(0x1234_5000UL | 0x67, FourLevel.Arch.TableEntry(Level.Pud, 0x1234_5000).Raw);
    }

    [Fact] // kernel-facts 5.1/5.3: gup_fast_permitted = !(end >> __VIRTUAL_MASK_SHIFT).
    public void GupFastPermitted_StopsAtTheVirtualMaskShift()
    {
        var mm = FourLevel.NewAddressSpace();
        Assert.True(FourLevel.Arch.GupFastPermitted(mm, new(0), new(0x7fff_ffff_f000)));
        Assert.False(FourLevel.Arch.GupFastPermitted(mm, new(0), new(1UL << 47)));
        Assert.True(FiveLevel.Arch.GupFastPermitted(mm, new(0), new(1UL << 47)));
    }

    [Fact] // pte_mkdirty/pte_mkclean/pte_mkwrite/pte_wrprotect are the D and RW bits.
    public void EntryHelpers_AreTheirBits()
    {
        var arch = FourLevel.Arch;
        var pte = arch.PfnEntry(Level.Pte, new Pfn(0x1234), VmFlags.Read);
        Assert.Equal(0x1234000UL | 0x25 | (1UL << 63), pte.Raw);
        Assert.True(arch.Dirty(arch.MkDirty(pte)));
        Assert.False(arch.Dirty(arch.MkClean(arch.MkDirty(pte))));
        Assert.True(arch.Write(arch.MkWrite(pte)));
        Assert.False(arch.Write(arch.Wrprotect(arch.MkWrite(pte))));
    }

    [Fact] // x86-64 TASK_SIZE_MAX excludes the top user page.
    public void Map_OfTheTopUserPage_IsRejected()
    {
        var mm = FourLevel.NewAddressSpace();
        Assert.Throws<ArgumentException>(() => mm.Map(new VirtualAddress(0x7fff_ffff_f000), new Pfn(0x1000)));
        mm.Map(new VirtualAddress(0x7fff_ffff_e000), new Pfn(0x1000));
    }
}
