using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Architectures.X86;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Arch;

/// <summary>x86-64 helpers in their 5.8/5.9 forms (arch/x86/include/asm/pgtable*.h), and what 6.1 and 6.12 change.</summary>
public sealed class X86HelperTests
{
    private static readonly Model FourLevel = ModelCatalogue.X86FourLevel;
    private static readonly Model FiveLevel = ModelCatalogue.X86FiveLevel;
    private static readonly Model La57OnFour = ModelCatalogue.X86La57OnFourLevel;
    private static readonly IArchitecture V61 = ModelCatalogue.For("x86-64/4level", KernelEra.V6_1)!.Arch;
    private static readonly IArchitecture V612 = ModelCatalogue.For("x86-64/4level", KernelEra.V6_12)!.Arch;
    private static readonly IArchitecture FiveLevelV61 = ModelCatalogue.For("x86-64/5level", KernelEra.V6_1)!.Arch;

    private const ulong Frame = 0x1234_5000;
    private const ulong Nx = 1UL << 63;

    [Fact] // arch/x86/include/asm/pgtable.h: with l5 off, p4d_offset returns (p4d_t *)pgdp and pgd_none is 0.
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

    [Fact] // arch/x86/include/asm/pgtable.h: with LA57, pgd_none is (val == 0) and pgd is a real level at shift 48.
    public void FiveLevel_PgdIsReal()
    {
        Assert.True(FiveLevel.Arch.None(new Entry(Level.Pgd, 0)));
        Assert.False(FiveLevel.Arch.Geometry[Level.P4d].IsFolded);
        Assert.Equal(1, FiveLevel.Arch.Index(Level.Pgd, new VirtualAddress(1UL << 48)));
    }

    [Fact] // arch/x86/include/asm/pgtable.h: 5.8 pmd_bad requires PRESENT, RW, ACCESSED and DIRTY; a table entry without A is bad.
    public void PmdBad_TableWithoutAccessed_IsBad()
    {
        Assert.False(FourLevel.Arch.Bad(new Entry(Level.Pmd, 0x1234_5000 | 0x67)));
        Assert.True(FourLevel.Arch.Bad(new Entry(Level.Pmd, 0x1234_5000 | 0x47)));
        Assert.True(FourLevel.Arch.Bad(new Entry(Level.Pmd, 0x1234_5000 | 0x67 | (1UL << 63))));
    }

    [Fact] // arch/x86/include/asm/pgtable.h: pud_large needs PSE and PRESENT; pud_huge is PSE alone; pmd_huge is true for
           // a non-present entry that is not none.
    public void LeafAndHuge_DifferOnNonPresentEntries()
    {
        var arch = FourLevel.Arch;
        Assert.False(arch.Leaf(new Entry(Level.Pud, 0x4000_0000 | 0x80)));
        Assert.True(arch.Huge(new Entry(Level.Pud, 0x4000_0000 | 0x80)));
        Assert.True(arch.Huge(new Entry(Level.Pmd, 0x4000_0000 | 0x100)));
        Assert.False(arch.Huge(new Entry(Level.Pmd, 0x20 | 0x40)));
    }

    [Fact] // arch/x86/include/asm/pgtable_types.h: in 5.8/5.9 DEVMAP is bit 58.
    public void Devmap_IsBit58()
    {
        Assert.True(FourLevel.Arch.Devmap(new Entry(Level.Pmd, 1UL << 58)));
        Assert.False(FourLevel.Arch.Devmap(new Entry(Level.Pmd, 1UL << 57)));
    }

    [Fact] // arch/x86/include/asm/pgtable_types.h: a PSE leaf's frame is PMD_PAGE_MASK within 52 bits; PAT_LARGE (bit 12) is not part of it.
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

    [Fact] // arch/x86/include/asm/pgtable_64.h: gup_fast_permitted = !(end >> __VIRTUAL_MASK_SHIFT).
    public void GupFastPermitted_StopsAtTheVirtualMaskShift()
    {
        var mm = FourLevel.NewAddressSpace();
        Assert.True(FourLevel.Arch.GupFastPermitted(new Cpu(mm.Memory), mm, new(0), new(0x7fff_ffff_f000)));
        Assert.False(FourLevel.Arch.GupFastPermitted(new Cpu(mm.Memory), mm, new(0), new(1UL << 47)));
        Assert.True(FiveLevel.Arch.GupFastPermitted(new Cpu(mm.Memory), mm, new(0), new(1UL << 47)));
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

    [Fact] // pgtable_types.h 6.12:24-36: SOFTW4 is bit 57, so DEVMAP moves from 58 to 57.
    public void Devmap_In612_IsBit57()
    {
        Assert.True(V612.Devmap(new Entry(Level.Pmd, 1UL << 57)));
        Assert.False(V612.Devmap(new Entry(Level.Pmd, 1UL << 58)));
        Assert.True(V61.Devmap(new Entry(Level.Pmd, 1UL << 58)));
        Assert.False(V61.Devmap(new Entry(Level.Pmd, 1UL << 57)));
    }

    [Fact] // pgtable.h 6.1:817-821: pmd_bad ignores ACCESSED from 6.1; DIRTY is still required, and pgd_bad keeps 5.8's form.
    public void PmdBad_From61_TableWithoutAccessed_IsNotBad()
    {
        var withoutAccessed = new Entry(Level.Pmd, Frame | 0x47);
        Assert.True(FourLevel.Arch.Bad(withoutAccessed));
        Assert.False(V61.Bad(withoutAccessed));
        Assert.False(V612.Bad(withoutAccessed));
        Assert.True(V61.Bad(new Entry(Level.Pmd, Frame | 0x27)));
        Assert.True(V61.Bad(new Entry(Level.Pmd, Frame | 0x67 | Nx)));
        Assert.True(FiveLevelV61.Bad(new Entry(Level.Pgd, Frame | 0x47)));
    }

    [Fact] // pgtable.h 6.12:1132-1136: pud_leaf is PSE alone; until 6.11 (pud_large) it also needs PRESENT.
    public void PudLeaf_In612_NonPresentPse_IsALeaf()
    {
        var nonPresentPse = new Entry(Level.Pud, 0x4000_0000 | 0x80);
        Assert.False(FourLevel.Arch.Leaf(nonPresentPse));
        Assert.False(V61.Leaf(nonPresentPse));
        Assert.True(V612.Leaf(nonPresentPse));
    }

    [Fact] // hugetlbpage.c: pud_huge is PSE alone in 5.8; from 6.1 it is pmd_huge's form, true for a non-present
           // entry that is not none (PROT_NONE) and false for a non-present PSE one; 6.12 has none and answers pud_leaf.
    public void PudHuge_PerEra()
    {
        var nonPresentPse = new Entry(Level.Pud, 0x4000_0000 | 0x80);
        var protNone = new Entry(Level.Pud, 0x4000_0000 | 0x100);
        Assert.True(FourLevel.Arch.Huge(nonPresentPse));
        Assert.False(FourLevel.Arch.Huge(protNone));
        Assert.True(V61.Huge(nonPresentPse));
        Assert.True(V61.Huge(protNone));
        Assert.False(V61.Huge(new Entry(Level.Pud, Frame | 0x67)));
        Assert.True(V612.Huge(nonPresentPse));
        Assert.False(V612.Huge(protNone));
        Assert.False(V612.Huge(new Entry(Level.Pmd, 0x4000_0000 | 0x100)));
    }

    [Fact] // pgtable.h 6.12:440-450: pte_wrprotect moves DIRTY to SAVED_DIRTY (bit 58), which pte_dirty still counts.
    public void Wrprotect_In612_MovesDirtyToSavedDirty()
    {
        var dirtyWritable = new Entry(Level.Pte, Frame | 0x67);
        var wrprotected = V612.Wrprotect(dirtyWritable);
        Assert.Equal(Frame | 0x25 | (1UL << 58), wrprotected.Raw);
        Assert.True(V612.Dirty(wrprotected));
        Assert.False(V612.Write(wrprotected));
        Assert.Equal(Frame | 0x65, V61.Wrprotect(dirtyWritable).Raw);
    }

    [Fact] // pgtable.h 6.12:484-489: pte_mkdirty of a read-only pte sets SAVED_DIRTY, not DIRTY (no Write=0,Dirty=1).
    public void MkDirty_In612_OfReadOnlyEntry_SetsSavedDirty()
    {
        var readOnly = new Entry(Level.Pte, Frame | 0x25);
        Assert.Equal(Frame | 0x25 | (1UL << 58), V612.MkDirty(readOnly).Raw);
        Assert.Equal(Frame | 0x67, V612.MkDirty(new Entry(Level.Pte, Frame | 0x27)).Raw);
        Assert.Equal(Frame | 0x65, V61.MkDirty(readOnly).Raw);
    }

    [Fact] // arch/x86/mm/pgtable.c 6.12:902-920: pte_mkwrite moves SAVED_DIRTY back to DIRTY; pte_mkclean clears both.
    public void MkWriteAndMkClean_In612_HandleSavedDirty()
    {
        var savedDirty = new Entry(Level.Pte, Frame | 0x25 | (1UL << 58));
        Assert.Equal(Frame | 0x67, V612.MkWrite(savedDirty).Raw);
        Assert.Equal(Frame | 0x25, V612.MkClean(savedDirty).Raw);
        Assert.False(V612.Dirty(V612.MkClean(savedDirty)));
        Assert.False(V61.Dirty(savedDirty));
    }

    [Theory] // The fault path's maybe_mkwrite(pte_mkdirty(entry)) ends with RW|DIRTY in every era: SAVED_DIRTY moves back.
    [InlineData("v5.8")]
    [InlineData("v6.1")]
    [InlineData("v6.12")]
    public void MakeLeaf_AfterAWrite_IsWritableAndDirtyInEveryEra(string era)
    {
        var arch = ModelCatalogue.For("x86-64/4level", KernelEra.Find(era)!)!.Arch;
        var pte = arch.MakeLeaf(ModelCatalogue.X86FourLevel.Arch.Geometry.BasePage, new Pfn(0x1234), VmFlags.Read | VmFlags.Write);
        Assert.Equal(0x1234000UL | 0x67 | Nx, pte.Raw);
    }

    [Fact] // pgtable.h 6.12:349-371: pmd_special and pud_special test bit 9; before 6.12 only pte_special exists.
    public void Special_OfPmdAndPud_ExistsOnlyIn612()
    {
        foreach (var level in new[] { Level.Pmd, Level.Pud })
        {
            Assert.True(V612.Special(new Entry(level, 0x4000_0000 | 0x200 | 0xe7)));
            Assert.False(V61.Special(new Entry(level, 0x4000_0000 | 0x200 | 0xe7)));
        }
        Assert.True(V61.Special(new Entry(Level.Pte, Frame | 0x200 | 0x25)));
    }

    [Theory] // pgtable.h 5.8:189-192, 6.1:163-166, 6.12:237-240: pte_huge is PSE (the kernel's pte_huge(0x6475e000a7) is 1).
    [InlineData("v5.8")]
    [InlineData("v6.1")]
    [InlineData("v6.12")]
    public void PteHuge_IsPse_InEveryEra(string era)
    {
        var arch = ModelCatalogue.For("x86-64/la57-on-4level", KernelEra.Find(era)!)!.Arch;
        Assert.True(arch.Huge(new Entry(Level.Pte, 0x64_75e0_00a7)));
        Assert.False(arch.Huge(new Entry(Level.Pte, 0x64_75e0_0027)));
    }

    [Fact] // asm/pgtable-invert.h (L1TF): pte_pfn, pmd_pfn and pud_pfn of a non-zero entry without PRESENT undo the frame's
           // inversion (the kernel's pud_pfn(0x2a005000001a2) is 0xd5ffac0000); p4d_pfn does not, and a zero entry is not inverted.
    public void Pfn_OfNonPresentEntry_UndoesTheL1tfInversion()
    {
        Assert.Equal(new Pfn(0xd5_ffac_0000), V61.Pfn(new Entry(Level.Pud, 0x2_a005_0000_01a2)));
        Assert.Equal(new Pfn(0x7d_524d_ba04), V612.Pfn(new Entry(Level.Pud, 0xb258_2adb_245f_ba28)));
        Assert.Equal(new Pfn(0xff_fffe_dcba), FourLevel.Arch.Pfn(new Entry(Level.Pte, 0x1234_5100)));
        Assert.Equal(new Pfn(0x1_2345), V612.Pfn(new Entry(Level.P4d, 0x1234_5000)));
        Assert.Equal(new Pfn(0), V612.Pfn(new Entry(Level.Pte, 0)));
        Assert.Equal(new Pfn(0x1_2345), V612.Pfn(new Entry(Level.Pte, 0x1234_5001)));
    }

    [Fact] // pgtable.h 6.1:578-600: pfn_pte/pfn_pmd/pfn_pud of PAGE_NONE (no PRESENT) invert the frame, cut to the level's
           // frame mask; the kernel's answers for pfn 0x1234, and pfn_pmd(0x12345, PAGE_SHARED), which is not inverted.
    public void PfnEntry_OfProtNone_InvertsTheFrame()
    {
        Assert.Equal(0xf_ffff_fedc_b120UL, V612.PfnEntry(Level.Pte, new Pfn(0x1234), VmFlags.None).Raw);
        Assert.Equal(0xf_ffff_fec0_0120UL, V612.PfnEntry(Level.Pmd, new Pfn(0x1234), VmFlags.None).Raw);
        Assert.Equal(0xf_ffff_c000_0120UL, V612.PfnEntry(Level.Pud, new Pfn(0x1234), VmFlags.None).Raw);
        Assert.Equal(0x8000_0000_1220_0027UL, V612.PfnEntry(Level.Pmd, new Pfn(0x1_2345), VmFlags.Shared | VmFlags.Write | VmFlags.Read).Raw);
        Assert.Equal(new Pfn(0x1234), V612.Pfn(V612.PfnEntry(Level.Pte, new Pfn(0x1234), VmFlags.None)));
    }

    [Fact] // pgtable.h 6.1:891-899, 934-945: with page-table isolation (x86_64_defconfig) p4d_bad and pgd_bad ignore NX;
           // pud_bad does not (the kernel's p4d_bad(0x8000000054616067) is 0, pud_bad of the same value 1).
    public void P4dAndPgdBad_UnderPti_IgnoreNx()
    {
        var withNx = 0x8000_0000_5461_6067UL;
        Assert.False(La57OnFour.Arch.Bad(new Entry(Level.P4d, withNx)));
        Assert.False(V612.Bad(new Entry(Level.P4d, withNx)));
        Assert.True(V612.Bad(new Entry(Level.Pud, withNx)));
        Assert.False(FiveLevelV61.Bad(new Entry(Level.Pgd, withNx)));
        Assert.True(FiveLevelV61.Bad(new Entry(Level.Pgd, withNx & ~0x20UL)));
        Assert.True(FiveLevelV61.Bad(new Entry(Level.P4d, withNx | 1UL << 62)));
    }

    [Theory] // x86_64_defconfig has no CONFIG_NUMA_BALANCING: pte_protnone and pmd_protnone are include/linux/pgtable.h's
             // "always no" (6.1:1475-1493), even for a PROTNONE entry.
    [InlineData("v5.8")]
    [InlineData("v6.1")]
    [InlineData("v6.12")]
    public void ProtNone_WithoutNumaBalancing_IsAlwaysFalse(string era)
    {
        var arch = ModelCatalogue.For("x86-64/4level", KernelEra.Find(era)!)!.Arch;
        Assert.False(arch.ProtNone(new Entry(Level.Pte, 0x1234_5100)));
        Assert.False(arch.ProtNone(arch.PfnEntry(Level.Pmd, new Pfn(0x1234), VmFlags.None)));
    }

    [Fact] // pgtable.h 6.12:503-506, 628-631: pXd_mkwrite_novma sets RW and keeps SAVED_DIRTY, which only the VMA form
           // (arch/x86/mm/pgtable.c:902-920) moves back to DIRTY; pud_mkwrite has no VMA form and moves it (:698-703).
    public void MkWriteNovma_In612_KeepsSavedDirty_ButPudMkwriteMovesIt()
    {
        var savedDirty = 1UL << 58;
        Assert.Equal(savedDirty | 0x4000_0000 | 0xa7, V612.MkWriteNovma(new Entry(Level.Pmd, savedDirty | 0x4000_0000 | 0xa5)).Raw);
        Assert.Equal(0x4000_0000UL | 0xe7, V612.MkWrite(new Entry(Level.Pmd, savedDirty | 0x4000_0000 | 0xa5)).Raw);
        Assert.Equal(0x4000_0000UL | 0xe7, V612.MkWriteNovma(new Entry(Level.Pud, savedDirty | 0x4000_0000 | 0xa5)).Raw);
        Assert.Equal(savedDirty | Frame | 0x27, V612.MkWriteNovma(new Entry(Level.Pte, savedDirty | Frame | 0x25)).Raw);
        Assert.Equal(Frame | 0x27, V61.MkWriteNovma(new Entry(Level.Pte, Frame | 0x25)).Raw);
    }

    [Fact] // An architecture of an era has the helpers of the newest x86-64 helper era at or before it.
    public void Models_OfEachEra_HaveTheirHelperRange()
    {
        Assert.Equal(KernelEra.V6_1, V61.Era);
        Assert.Equal(new EraRange(KernelEra.V5_8, KernelEra.V6_1), FourLevel.Helpers);
        Assert.Equal("x86-64/4level@v6.12", ModelCatalogue.For("x86-64/4level", KernelEra.V6_12)!.Name);
        Assert.Equal(KernelEra.V5_8, new X86Architecture(X86Paging.FourLevel, KernelEra.V5_9).Era);
        Assert.Equal(KernelEra.V6_1, new X86Architecture(X86Paging.FourLevel, KernelEra.V6_1).Era);
    }

    [Fact] // pgtable.h's default: leaf helpers exist for the pte and for every level that has a huge size (2M pmd, 1G pud).
    public void LeafHelpers_ExistForThePteAndTheHugeLevels() =>
        Assert.Equal([Level.Pud, Level.Pmd, Level.Pte], LevelExtensions.TopDown.Where(FourLevel.Arch.HasLeafHelpers));

    [Fact] // pgtable.h 6.1:870-873 and 947-957: p4d_none ignores the Knights Landing stray A and D bits, pgd_none (with l5)
           // does not: "PGDs only point to page tables".
    public void PgdNone_CountsStrayAccessedAndDirty_P4dNoneIgnoresThem()
    {
        Assert.False(FiveLevel.Arch.None(new Entry(Level.Pgd, 0x60)));
        Assert.True(FiveLevel.Arch.None(new Entry(Level.P4d, 0x60)));
        Assert.True(FiveLevel.Arch.None(new Entry(Level.Pgd, 0)));
    }

    [Fact] // pgtable.h 6.1:735-738 and 760-769: pte_present is PRESENT or PROTNONE, pmd_present also PSE (split_huge_page
           // clears PRESENT and keeps PSE); a non-none entry with none of them is not present.
    public void Present_IsPresentOrProtNone_AndPseForAPmd()
    {
        var arch = FourLevel.Arch;
        Assert.False(arch.Present(new Entry(Level.Pmd, Frame | 0x2)));
        Assert.True(arch.Present(new Entry(Level.Pmd, Frame | 0x80)));
        Assert.True(arch.Present(new Entry(Level.Pmd, Frame | 0x100)));
        Assert.False(arch.Present(new Entry(Level.Pte, Frame | 0x80)));
        Assert.True(arch.Present(new Entry(Level.Pte, Frame | 0x100)));
    }

    [Fact] // x86 has no pte_bad: whatever its bits, a pte is never bad.
    public void Bad_OfAPte_IsFalse() => Assert.False(FourLevel.Arch.Bad(new Entry(Level.Pte, ulong.MaxValue)));

    [Theory] // pgtable.h 6.12:404-422: pte_mkwrite moves SAVED_DIRTY to DIRTY and pte_wrprotect DIRTY to SAVED_DIRTY only
             // when there is one: a clean entry made writable or write-protected stays clean in every era.
    [InlineData("v5.8")]
    [InlineData("v6.1")]
    [InlineData("v6.12")]
    public void MkWriteAndWrprotect_OfACleanEntry_KeepItClean(string era)
    {
        var arch = ModelCatalogue.For("x86-64/4level", KernelEra.Find(era)!)!.Arch;
        Assert.Equal(Frame | 0x27, arch.MkWrite(new Entry(Level.Pte, Frame | 0x25)).Raw);
        Assert.Equal(Frame | 0x25, arch.Wrprotect(new Entry(Level.Pte, Frame | 0x27)).Raw);
    }
}
