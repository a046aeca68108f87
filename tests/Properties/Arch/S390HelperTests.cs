using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Architectures.S390;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Arch;

/// <summary>s390 helpers of 5.8/5.9 (arch/s390/include/asm/pgtable.h, pgalloc.h), pinned on the values that matter for dynamic folding, and the
/// region-3 bits 6.12 swaps (3e93d49175a7).</summary>
public sealed class S390HelperTests
{
    private static readonly S390Architecture S390 = (S390Architecture)ModelCatalogue.S390ThreeLevel.Arch;
    private static readonly S390Architecture V612 = (S390Architecture)ModelCatalogue.For("s390/3level", KernelEra.V6_12)!.Arch;

    [Theory] // arch/s390/include/asm/pgtable.h: _REGION1/2/3_ENTRY_EMPTY, _SEGMENT_ENTRY_EMPTY, and pte_none's _PAGE_INVALID.
    [InlineData(Level.Pgd, 0x2cUL)]
    [InlineData(Level.P4d, 0x28UL)]
    [InlineData(Level.Pud, 0x24UL)]
    [InlineData(Level.Pmd, 0x20UL)]
    [InlineData(Level.Pte, 0x400UL)]
    public void EmptyEntry_IsTheKernelsEmptyValue(Level level, ulong empty)
    {
        Assert.Equal(empty, S390.EmptyEntry(level).Raw);
        Assert.True(S390.None(S390.EmptyEntry(level)));
    }

    [Theory] // arch/s390/include/asm/mmu_context.h: init_new_context picks the top table from asce_limit; crst_table_init fills it.
    [InlineData(3, "region-3 table", 0x24UL, 1UL << 42)]
    [InlineData(4, "region-2 table", 0x28UL, 1UL << 53)]
    [InlineData(5, "region-1 table", 0x2cUL, 0xffff_ffff_ffff_f000UL)]
    public void NewMm_TopTableAndLimitFollowTheDepth(int levels, string table, ulong fill, ulong asceLimit)
    {
        var mm = new PgtableInvariants.Arch.AddressSpaces.AddressSpace(S390, levels);
        var top = mm.Memory.Tables.Single();
        Assert.Equal(table, top.Name);
        Assert.Equal(2048, top.Entries);
        Assert.All(Enumerable.Range(0, 2048), i => Assert.Equal(fill, top.Peek(i)));
        Assert.Equal(asceLimit, mm.AsceLimit);
    }

    [Fact] // arch/s390/include/asm/pgtable.h (d1874a0c2805): pgd_offset takes its shift from entry 0's type: 31 for a region-3 table.
    public void PgdOffset_OfThreeLevelMm_IndexesWithShift31()
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        var cpu = new Cpu(mm.Memory);
        Assert.Equal(mm.Pgd + 512 * 8, S390.PgdOffset(cpu, mm, new VirtualAddress(0x100_7fff_f000)).Address);
        Assert.Equal(mm.Pgd + 513 * 8, S390.PgdOffset(cpu, mm, new VirtualAddress(0x100_8000_0000)).Address);
    }

    [Fact] // arch/s390/include/asm/pgtable.h, pgd_offset: the index silently wraps modulo 2048 above asce_limit (addresses above the mm's reach alias lower ones).
    public void PgdOffset_AboveAsceLimit_Aliases()
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        var cpu = new Cpu(mm.Memory);
        Assert.Equal(S390.PgdOffset(cpu, mm, new VirtualAddress(0)), S390.PgdOffset(cpu, mm, new VirtualAddress(1UL << 42)));
    }

    [Fact] // arch/s390/include/asm/pgtable.h, pgd_offset: on a 4-level mm the shift is 42 (region-2 top).
    public void PgdOffset_OfFourLevelMm_IndexesWithShift42()
    {
        var mm = ModelCatalogue.S390FourLevel.NewAddressSpace();
        Assert.Equal(mm.Pgd + 8, S390.PgdOffset(new Cpu(mm.Memory), mm, new VirtualAddress(1UL << 42)).Address);
    }

    [Fact] // arch/s390/include/asm/pgtable.h: p4d_offset and pud_offset on a 3-level mm return the pointer they were given.
    public void P4dAndPudOffset_OnThreeLevelMm_ReturnTheirArgument()
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        var cpu = new Cpu(mm.Memory);
        var addr = new VirtualAddress(0x100_8000_0000);
        var pgdp = S390.PgdOffset(cpu, mm, addr);
        var p4dp = S390.Offset(cpu, pgdp, addr);
        var pudp = S390.Offset(cpu, p4dp, addr);
        Assert.Equal(new EntryPointer(Level.P4d, pgdp.Address), p4dp);
        Assert.Equal(new EntryPointer(Level.Pud, pgdp.Address), pudp);
    }

    [Fact] // arch/s390/include/asm/pgtable.h: pmd_offset dereferences a region-3 entry and adds pmd_index.
    public void PmdOffset_OfRegion3Entry_IndexesTheSegmentTable()
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(0x100_8030_0000), new Pfn(0x100000));
        var cpu = new Cpu(mm.Memory);
        var addr = new VirtualAddress(0x100_8030_0000);
        var pudp = S390.Offset(cpu, S390.Offset(cpu, S390.PgdOffset(cpu, mm, addr), addr), addr);
        var pmdp = S390.Offset(cpu, pudp, addr);
        var segment = mm.Memory.Tables.Single(t => t.Name == "segment table");
        Assert.Equal(segment.At(3), pmdp);
    }

    [Fact] // arch/s390/include/asm/pgtable.h, d3f7b1bb2040: pud_offset_lockless of a folded level returns the real pointer, not the copy's address.
    public void PudOffsetLockless_OnFoldedLevel_ReturnsTheTablePointer()
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        var cpu = new Cpu(mm.Memory);
        var addr = new VirtualAddress(0x100_8000_0000);
        var p4dp = S390.Offset(cpu, S390.PgdOffset(cpu, mm, addr), addr);
        var copy = mm.Memory.Stack.Push(cpu.Load(p4dp), "gup_pud_range");
        Assert.Equal(p4dp.Address, S390.OffsetLockless(cpu, p4dp, copy, addr).Address);
    }

    [Fact] // include/linux/pgtable.h: the generic fallback, which s390 5.8 had in effect, offsets from the copy.
    public void PudOffset_OfACopy_ReturnsTheCopysAddress()
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        var cpu = new Cpu(mm.Memory);
        var addr = new VirtualAddress(0x100_8000_0000);
        var copy = mm.Memory.Stack.Push(cpu.Load(S390.PgdOffset(cpu, mm, addr)).As(Level.P4d), "gup_pud_range");
        Assert.Equal(copy.Address.Address, S390.Offset(cpu, copy.Address, addr).Address);
    }

    [Fact] // arch/s390/include/asm/pgtable.h: p4d_none and pud_none compare with the exact empty value, pgd_none tests the bit.
    public void None_OfRegionEntries_UsesExactCompareBelowPgd()
    {
        Assert.False(S390.None(new Entry(Level.P4d, 0x28 | 0x200)));
        Assert.False(S390.None(new Entry(Level.Pud, 0x24 | 0x200)));
        Assert.True(S390.None(new Entry(Level.Pgd, 0x2c | 0x200)));
    }

    [Fact] // arch/s390/include/asm/pgtable.h: an entry viewed as a level above its own type is folded: present, not none, not bad.
    public void Predicates_OfFoldedView_AreVacuous()
    {
        var r3Empty = new Entry(Level.Pgd, 0x24);
        Assert.True(S390.Present(r3Empty));
        Assert.False(S390.None(r3Empty));
        Assert.False(S390.Bad(r3Empty));
        Assert.False(S390.None(r3Empty.As(Level.P4d)));
        Assert.True(S390.None(r3Empty.As(Level.Pud)));
    }

    [Fact] // arch/s390/include/asm/pgtable.h: pud_large needs type exactly R3 and bit 0x400; pud_bad is true for it.
    public void PudLarge_NeedsRegion3Type()
    {
        Assert.True(S390.Leaf(new Entry(Level.Pud, 0x8000_0000 | 0x400 | 0x04)));
        Assert.False(S390.Leaf(new Entry(Level.Pud, 0x8000_0000 | 0x400)));
        Assert.True(S390.Bad(new Entry(Level.Pud, 0x8000_0000 | 0x400 | 0x04)));
    }

    [Fact] // arch/s390/include/asm/pgtable.h: pgd_clear writes 0x2c only on a region-1 entry; on a region-3 entry it does nothing.
    public void PgdClear_OfLowerType_IsNoOp()
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(0), new Pfn(0x100000));
        var cpu = new Cpu(mm.Memory);
        var pgdp = S390.PgdOffset(cpu, mm, new VirtualAddress(0));
        var before = cpu.Load(pgdp);
        S390.Clear(cpu, pgdp);
        Assert.Equal(before.Raw, cpu.Load(pgdp).Raw);
        S390.Clear(cpu, pgdp.As(Level.Pud));
        Assert.Equal(0x24UL, cpu.Load(pgdp).Raw);
    }

    [Fact] // arch/s390/mm/pgalloc.c: crst_table_upgrade makes the old top table entry 0 of a region-2 table.
    public void CrstTableUpgrade_FromThreeLevels_PopulatesEntryZeroWithTheOldTop()
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        var oldTop = mm.Pgd;
        S390.CrstTableUpgrade(mm, (1UL << 42) + 4096);
        Assert.Equal(1UL << 53, mm.AsceLimit);
        Assert.Equal(4, mm.Levels);
        var top = mm.Memory.TableAt(mm.Pgd)!;
        Assert.Equal("region-2 table", top.Name);
        Assert.Equal(0x0bUL | oldTop, top.Peek(0));
        Assert.Equal(0x28UL, top.Peek(1));
    }

    [Fact] // arch/s390/include/asm/pgalloc.h: check_asce_limit upgrades 3 -> 5 with two new tables when the mapping ends above 2^53.
    public void Map_AboveRegion1Size_UpgradesToFiveLevels()
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(1UL << 60), new Pfn(0x100000));
        Assert.Equal(5, mm.Levels);
        Assert.Equal(0xffff_ffff_ffff_f000UL, mm.AsceLimit);
        Assert.Equal("region-1 table", mm.Memory.TableAt(mm.Pgd)!.Name);
    }

    [Fact] // arch/s390/include/asm/pgtable.h: gup_fast_permitted = end <= asce_limit.
    public void GupFastPermitted_IsBoundedByAsceLimit()
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        Assert.True(S390.GupFastPermitted(new Cpu(mm.Memory), mm, new(0), new(1UL << 42)));
        Assert.False(S390.GupFastPermitted(new Cpu(mm.Memory), mm, new(0), new((1UL << 42) + 4096)));
    }

    [Fact] // arch/s390/include/asm/pgtable.h 5.8: pte_mkold sets the invalid bit; mkyoung clears it for a readable pte.
    public void PteYoungness_IsTheHardwareInvalidBit()
    {
        var pte = S390.PfnEntry(Level.Pte, new Pfn(0x1234), VmFlags.Read);
        Assert.False(pte.Has(0x400));
        Assert.True(S390.MkOld(pte).Has(0x400));
        Assert.True(S390.Present(S390.MkOld(pte)));
        Assert.False(S390.MkYoung(S390.MkOld(pte)).Has(0x400));
    }

    [Fact] // pmd_mkhuge sets LARGE, YOUNG and PROTECT; a writable dirty huge pmd has PROTECT cleared again, and
           // pmd_mkdirty also sets SOFT_DIRTY (0x4000, CONFIG_MEM_SOFT_DIRTY=y in the s390 defconfig).
    public void HugePmd_WritableAfterWriteFault()
    {
        var pmd = S390.MakeLeaf(new PageSize(Level.Pmd, 1UL << 20, 12), new Pfn(0x100), VmFlags.Read | VmFlags.Write);
        Assert.Equal(0x100000UL | 0x400 | 0x1000 | 0x2000 | 0x4000 | 0x1 | 0x2 | 0x100, pmd.Raw);
        Assert.True(S390.Leaf(pmd));
        Assert.Equal(new Pfn(0x100), S390.Pfn(pmd));
    }

    [Fact] // hugetlbpage.c __pte_to_rste uses segment bit positions: a read-only 2 GiB page gets 0x1, which
           // pud_write (_REGION3_ENTRY_WRITE = 0x1) reads as writable in 5.8.
    public void HugePud_ReadOnly_CarriesSegmentReadBitThatPudWriteSees()
    {
        var pud = S390.MakeLeaf(new PageSize(Level.Pud, 1UL << 31, 12), new Pfn(0x80000), VmFlags.Read);
        Assert.Equal(0x04UL | 0x400, pud.Raw & 0x40c);
        Assert.True(pud.Has(0x200));
        Assert.True(S390.Write(pud));
        Assert.Equal(new Pfn(0x80000), S390.Pfn(pud));
    }

    [Fact] // s390 5.8 has no THP PUD helpers (no pud_mkyoung): debug_vm_pgtable's pud group does not apply.
    public void LeafHelpers_ExistForPteAndPmdOnly()
    {
        Assert.True(S390.HasLeafHelpers(Level.Pte));
        Assert.True(S390.HasLeafHelpers(Level.Pmd));
        Assert.False(S390.HasLeafHelpers(Level.Pud));
        Assert.Throws<NotSupportedException>(() => S390.MkYoung(new Entry(Level.Pud, 0x404)));
    }

    [Fact] // pgtable.h 6.12:289-290 (3e93d49175a7): _REGION3_ENTRY_READ 0x1 and _WRITE 0x2, as the segment entry's.
    public void Region3ReadWrite_In612_AreTheSegmentPositions()
    {
        Assert.Equal((0x2UL, 0x1UL), (S390.Region3Read, S390.Region3Write));
        Assert.Equal((0x1UL, 0x2UL), (V612.Region3Read, V612.Region3Write));
        Assert.Equal(KernelEra.V6_12, V612.Era);
        Assert.Equal(KernelEra.V5_8, ModelCatalogue.For("s390/3level", KernelEra.V6_1)!.Era);
    }

    [Fact] // The same __pte_to_rste entry: a read-only 2 GiB page is not pud_write in 6.12, a writable one is.
    public void PudWrite_In612_OfHugePud_FollowsTheMapping()
    {
        var readOnly = V612.MakeLeaf(new PageSize(Level.Pud, 1UL << 31, 12), new Pfn(0x80000), VmFlags.Read);
        var writable = V612.MakeLeaf(new PageSize(Level.Pud, 1UL << 31, 12), new Pfn(0x80000), VmFlags.Read | VmFlags.Write);
        Assert.Equal(readOnly.Raw, S390.MakeLeaf(new PageSize(Level.Pud, 1UL << 31, 12), new Pfn(0x80000), VmFlags.Read).Raw);
        Assert.False(V612.Write(readOnly));
        Assert.True(V612.Write(writable));
        Assert.False(V612.AccessPermitted(readOnly, write: true));
        Assert.True(S390.AccessPermitted(readOnly, write: true));
    }

    [Fact] // pud_wrprotect/pud_mkwrite (6.12 pgtable.h:1575-1601) use the era's write bit: 0x2 in 6.12, 0x1 before.
    public void PudWrprotectAndMkwrite_UseTheErasWriteBit()
    {
        var pud = new Entry(Level.Pud, 0x8000_0000 | 0x2000 | 0x400 | 0x04);
        Assert.Equal(0x2UL, V612.MkWrite(pud).Raw & 0x3);
        Assert.Equal(0x1UL, S390.MkWrite(pud).Raw & 0x3);
        Assert.False(V612.Write(V612.Wrprotect(V612.MkWrite(pud))));
        Assert.Equal(0UL, V612.MkWrite(pud).Raw & 0x200);
    }

    [Theory] // pgtable.h 6.1:1008-1014, 1437-1443, 1465-1471: pXd_mkdirty sets DIRTY and SOFT_DIRTY, which the s390
             // defconfig's CONFIG_MEM_SOFT_DIRTY=y makes 0x002 in a pte and 0x4000 in a segment or region-3 entry (the
             // kernel's pte_mkdirty(0x400) is 0x40a).
    [InlineData("v5.8", Level.Pte, 0x400UL, 0x40aUL)]
    [InlineData("v6.12", Level.Pte, 0x400UL, 0x40aUL)]
    [InlineData("v5.8", Level.Pmd, 0x100400UL, 0x106400UL)]
    [InlineData("v6.12", Level.Pmd, 0x100400UL, 0x106400UL)]
    [InlineData("v5.8", Level.Pud, 0x8000_0404UL, 0x8000_6404UL)]
    [InlineData("v6.12", Level.Pud, 0x8000_0404UL, 0x8000_6404UL)]
    public void MkDirty_SetsSoftDirty(string era, Level level, ulong entry, ulong dirty)
    {
        var arch = ModelCatalogue.For("s390/3level", KernelEra.Find(era)!)!.Arch;
        Assert.Equal(dirty, arch.MkDirty(new Entry(level, entry)).Raw);
    }

    [Fact] // hugetlbpage.c 6.1:63-66 and 113-115: under CONFIG_MEM_SOFT_DIRTY __pte_to_rste and __rste_to_pte move the
           // soft-dirty bit too, so a 2 GiB page written at fault time is soft-dirty in both views.
    public void HugePud_AfterAWrite_IsSoftDirtyInBothViews()
    {
        var pud = S390.MakeLeaf(new PageSize(Level.Pud, 1UL << 31, 12), new Pfn(0x80000), VmFlags.Read | VmFlags.Write);
        Assert.True(pud.Has(0x4000));
        Assert.True(S390.HugePteGet(pud).Has(0x002));
        Assert.False(S390.HugePteGet(S390.MakeLeaf(new PageSize(Level.Pud, 1UL << 31, 12), new Pfn(0x80000), VmFlags.Read)).Has(0x002));
    }

    [Fact] // No tree from 5.8 to 6.12 has pud_mkyoung; the message names the era of the helpers asked.
    public void MissingPudHelper_NamesTheEra()
    {
        var e = Assert.Throws<NotSupportedException>(() => V612.MkYoung(new Entry(Level.Pud, 0x404)));
        Assert.Equal("s390 6.12 has no pud_mkyoung", e.Message);
    }

    [Theory] // pgtable.h 6.1:635-640 pgd_bad, 710-736 pmd_bad, pud_bad, p4d_bad: an entry of a type above the level's own is
             // bad, one below it is a folded view and never bad, and one of the level's own type is bad with a bit outside
             // _REGION_ENTRY_BITS (0x400 here) or, for a pmd, outside _SEGMENT_ENTRY_BITS (0x100), with type bits or large.
             // No tree has a pte_bad: a pte is never bad.
    [InlineData(Level.Pgd, 0x1000_000fUL, false)]
    [InlineData(Level.Pgd, 0x1000_040fUL, true)]
    [InlineData(Level.Pgd, 0x1000_040bUL, false)]
    [InlineData(Level.P4d, 0x1000_000fUL, true)]
    [InlineData(Level.P4d, 0x1000_000bUL, false)]
    [InlineData(Level.P4d, 0x1000_040bUL, true)]
    [InlineData(Level.P4d, 0x1000_0407UL, false)]
    [InlineData(Level.Pud, 0x1000_000bUL, true)]
    [InlineData(Level.Pud, 0x1000_0007UL, false)]
    [InlineData(Level.Pud, 0x1000_0807UL, true)]
    [InlineData(Level.Pud, 0x1000_0800UL, false)]
    [InlineData(Level.Pmd, 0x1000_0000UL, false)]
    [InlineData(Level.Pmd, 0x1000_0004UL, true)]
    [InlineData(Level.Pmd, 0x1000_0400UL, true)]
    [InlineData(Level.Pmd, 0x1000_0100UL, true)]
    [InlineData(Level.Pte, 0x1000_0fffUL, false)]
    public void Bad_FollowsTheEntrysTypeAndItsAllowedBits(Level level, ulong raw, bool bad) =>
        Assert.Equal(bad, S390.Bad(new Entry(level, raw)));

    [Fact] // pgtable.h 6.1:791-810 (CONFIG_NUMA_BALANCING): pte_protnone is present without READ, pmd_protnone large without
           // READ; the region levels have none, and pte_special is the pte's bit 0x040 alone.
    public void ProtNoneAndSpecial_ArePteAndPmdBits()
    {
        Assert.True(S390.ProtNone(new Entry(Level.Pte, 0x1000_0000 | 0x001)));
        Assert.False(S390.ProtNone(new Entry(Level.Pte, 0x1000_0000 | 0x011)));
        Assert.True(S390.ProtNone(new Entry(Level.Pmd, 0x1000_0000 | 0x400)));
        Assert.False(S390.ProtNone(new Entry(Level.Pmd, 0x1000_0000 | 0x401)));
        Assert.False(S390.ProtNone(new Entry(Level.Pud, 0x8000_0000 | 0x404)));
        Assert.True(S390.Special(new Entry(Level.Pte, 0x1000_0000 | 0x041)));
        Assert.False(S390.Special(new Entry(Level.Pmd, 0x1000_0000 | 0x040)));
    }

    [Fact] // pgtable.h 6.1:1022-1028: pte_mkyoung clears _PAGE_INVALID only when the pte is readable, so a PROT_NONE pte
           // made young still faults.
    public void MkYoung_OfUnreadablePte_KeepsItInvalid()
    {
        var none = S390.PfnEntry(Level.Pte, new Pfn(0x1234), VmFlags.None);
        Assert.True(S390.MkYoung(none).Has(0x400));
        Assert.True(S390.MkYoung(none).Has(0x004));
    }

    [Fact] // pgtable.h 6.1:994-1014: pte_mkdirty and pte_mkwrite lift _PAGE_PROTECT only when the other bit is there: a
           // read-only pte made dirty, or a clean one made writable, stays protected until both hold.
    public void MkDirtyAndMkWrite_LiftProtectOnlyWhenBothWriteAndDirty()
    {
        var readOnly = new Entry(Level.Pte, 0x1000_0000 | 0x211);
        var writable = new Entry(Level.Pte, 0x1000_0000 | 0x231);
        Assert.True(S390.MkDirty(readOnly).Has(0x200));
        Assert.False(S390.MkDirty(writable).Has(0x200));
        Assert.True(S390.MkWrite(readOnly).Has(0x200));
        Assert.False(S390.MkWrite(S390.MkDirty(readOnly)).Has(0x200));
    }

    [Fact] // No tree from 5.8 to 6.12 has pud_young, pud_dirty, pud_mkold, pud_mkhuge or pfn_pud: each names what is missing.
    public void MissingPudHelpers_AreRefusedByName()
    {
        var pud = new Entry(Level.Pud, 0x8000_0000 | 0x404);
        Assert.Equal("s390 5.8 has no pud_young", Assert.Throws<NotSupportedException>(() => S390.Young(pud)).Message);
        Assert.Equal("s390 5.8 has no pud_dirty", Assert.Throws<NotSupportedException>(() => S390.Dirty(pud)).Message);
        Assert.Equal("s390 5.8 has no pud_mkold", Assert.Throws<NotSupportedException>(() => S390.MkOld(pud)).Message);
        Assert.Equal("s390 5.8 has no pud_mkhuge", Assert.Throws<NotSupportedException>(() => S390.MkHuge(pud)).Message);
        Assert.Equal("s390 5.8 has no pfn_pud",
            Assert.Throws<NotSupportedException>(() => S390.PfnEntry(Level.Pud, new Pfn(0x80000), VmFlags.Read)).Message);
    }

    [Theory] // pgtable.h 6.1:642-675 pgd_pfn, p4d_pfn, 1301-1328 pmd_deref, pud_deref: a table entry's origin is
             // _REGION_ENTRY_ORIGIN (4 KiB) or _SEGMENT_ENTRY_ORIGIN (2 KiB, page tables are half pages); only a large entry
             // uses _REGION3_ENTRY_ORIGIN_LARGE or _SEGMENT_ENTRY_ORIGIN_LARGE.
    [InlineData(Level.Pgd, 0x1234_500fUL, 0x12345UL)]
    [InlineData(Level.P4d, 0x1234_500bUL, 0x12345UL)]
    [InlineData(Level.Pud, 0x1234_5007UL, 0x12345UL)]
    [InlineData(Level.Pud, 0x8000_0404UL, 0x80000UL)]
    [InlineData(Level.Pmd, 0x1234_5800UL, 0x12345UL)]
    [InlineData(Level.Pmd, 0x1230_0400UL, 0x12300UL)]
    public void Pfn_MasksTheOriginOfTheEntrysKind(Level level, ulong raw, ulong pfn) =>
        Assert.Equal(new Pfn(pfn), S390.Pfn(new Entry(level, raw)));

    [Fact] // pgtable.h 6.1:1298-1316: pud_deref masks _REGION_ENTRY_ORIGIN (bits 12 and up), pmd_deref _SEGMENT_ENTRY_ORIGIN
           // (bits 11 and up), so bit 0x800 is part of a page table's address but not of a segment table's.
    public void TableAddress_MasksTheOriginOfTheLevel()
    {
        Assert.Equal(0x1234_5000UL, S390.TableAddress(new Entry(Level.Pud, 0x1234_5807)));
        Assert.Equal(0x1234_5800UL, S390.TableAddress(new Entry(Level.Pmd, 0x1234_5800)));
    }

    [Fact] // hugetlbpage.c 6.1:25-72 __pte_to_rste: a PROT_NONE 2 GiB page keeps _PAGE_INVALID and _PAGE_PROTECT as their
           // segment positions (0x20, 0x200), young (0x1000), and gets R3 and LARGE; a read-write one written at fault time
           // has READ, WRITE, DIRTY, YOUNG, SOFT_DIRTY and NOEXEC at the segment positions.
    public void MakeLeaf_OfPud_MovesEachPteBitToItsSegmentPosition()
    {
        var size = new PageSize(Level.Pud, 1UL << 31, 12);
        Assert.Equal(0x8000_1624UL, S390.MakeLeaf(size, new Pfn(0x80000), VmFlags.None).Raw);
        Assert.Equal(0x8000_7507UL, S390.MakeLeaf(size, new Pfn(0x80000), VmFlags.Read | VmFlags.Write).Raw);
    }

    [Theory] // hugetlbpage.c 6.1:74-121 __rste_to_pte: each segment-position bit of a huge pmd or pud moves back to its pte
             // position, with _PAGE_LARGE | _PAGE_PRESENT and the frame; an empty entry reads as _PAGE_INVALID.
    [InlineData(Level.Pmd, 0x0010_7503UL, 0x0010_093fUL)]
    [InlineData(Level.Pmd, 0x0010_0620UL, 0x0010_0e01UL)]
    [InlineData(Level.Pud, 0x8000_7507UL, 0x8000_093fUL)]
    [InlineData(Level.Pmd, 0x20UL, 0x400UL)]
    public void HugePteGet_MovesEachSegmentBitToItsPtePosition(Level level, ulong leaf, ulong pte) =>
        Assert.Equal(new Entry(Level.Pte, pte), S390.HugePteGet(new Entry(level, leaf)));

    [Fact] // pgalloc.h 6.1:39-51 check_asce_limit: upgrade when addr + len is above asce_limit and at most TASK_SIZE, so a
           // mapping that ends at TASK_SIZE_MAX gives 5 levels and one that ends above it none.
    public void CheckAsceLimit_UpgradesUpToTaskSizeAndNoFurther()
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        S390.CheckAsceLimit(mm, new VirtualAddress(0xffff_ffff_ffff_f000), 0x800);
        Assert.Equal(3, mm.Levels);
        S390.CheckAsceLimit(mm, new VirtualAddress(0xffff_ffff_ffff_e000), 0x1000);
        Assert.Equal(5, mm.Levels);
    }

    [Theory] // pte_young/pte_dirty and pmd_young/pmd_dirty read their software bits; s390 has no pud_young/pud_dirty.
    [InlineData(Level.Pte, 0x1234_5000UL)]
    [InlineData(Level.Pmd, 0x1230_0400UL)]
    public void YoungAndDirty_ReadWhatTheMakersWrite_BelowThePud(Level level, ulong raw)
    {
        var e = new Entry(level, raw);
        Assert.True(S390.Young(S390.MkYoung(e)));
        Assert.False(S390.Young(S390.MkOld(e)));
        Assert.True(S390.Dirty(S390.MkDirty(e)));
        Assert.False(S390.Dirty(S390.MkClean(e)));
        Assert.Throws<NotSupportedException>(() => S390.Young(new Entry(Level.Pud, 0x404)));
        Assert.Throws<NotSupportedException>(() => S390.Dirty(new Entry(Level.Pud, 0x404)));
    }

    [Fact] // mm/pgalloc.c 6.1:81-103 crst_table_upgrade: nothing to do when end <= asce_limit; a region-1 table only when
           // end > _REGION1_SIZE, so an end of exactly 2^53 gives 4 levels.
    public void CrstTableUpgrade_ToTheLimitItHas_DoesNothing_AndTo2Pow53_GivesFourLevels()
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        var top = mm.Pgd;
        S390.CrstTableUpgrade(mm, 1UL << 42);
        Assert.Equal((3, top), (mm.Levels, mm.Pgd));
        S390.CrstTableUpgrade(mm, 1UL << 53);
        Assert.Equal((4, 1UL << 53), (mm.Levels, mm.AsceLimit));
    }

    [Fact] // mm/pgalloc.c 6.1:86-87: "upgrade should only happen from 3 to 4, 3 to 5, or 4 to 5 levels" (VM_BUG_ON).
    public void CrstTableUpgrade_OfATwoLevelMm_IsRefused()
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        mm.AsceLimit = 1UL << 31;
        var e = Assert.Throws<InvalidOperationException>(() => S390.CrstTableUpgrade(mm, 1UL << 42));
        Assert.Equal("upgrade only from 3 to 4, 3 to 5 or 4 to 5 levels", e.Message);
    }

    [Fact] // An s390 mm has 3, 4 or 5 levels (init_new_context, crst_table_upgrade): any other depth is refused by name.
    public void AsceLimitFor_OtherDepths_IsRefused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => S390.AsceLimitFor(2));
        Assert.StartsWith("an s390 mm has 3, 4 or 5 levels", e.Message);
    }

    [Theory] // mmu_context.h init_new_context: the ASCE's designation type follows asce_limit (a segment table for the 2 GiB
             // of a 31-bit mm, which no modelled era creates any more), with _ASCE_TABLE_LENGTH and _ASCE_USER_BITS.
    [InlineData(1UL << 31, 0x00UL, Level.Pmd)]
    [InlineData(1UL << 42, 0x04UL, Level.Pud)]
    [InlineData(1UL << 53, 0x08UL, Level.P4d)]
    [InlineData(0xffff_ffff_ffff_f000UL, 0x0cUL, Level.Pgd)]
    public void Asce_DesignationTypeAndTopTable_FollowTheAsceLimit(ulong asceLimit, ulong type, Level top)
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        mm.AsceLimit = asceLimit;
        Assert.Equal(mm.Pgd | 0x1c3 | type, S390Architecture.Asce(mm));
        Assert.Equal(top, S390.TopTableLevel(asceLimit));
    }

    [Fact] // d3f7b1bb2040: s390's pXd_offset_lockless decides on the value it is passed and loads nothing, while the pte step
           // is the generic pte_offset_map(&pmd, addr) of gup_pte_range, which reads the caller's stack copy of the pmd.
    public void OffsetLockless_ReadsOnlyThePmdCopy()
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        var addr = new VirtualAddress(0x100_8030_0000);
        mm.Map(addr, new Pfn(0x100000));
        var cpu = new Cpu(mm.Memory, record: true);
        var pudp = S390.Offset(cpu, S390.Offset(cpu, S390.PgdOffset(cpu, mm, addr), addr), addr);
        var pudCopy = mm.Memory.Stack.Push(cpu.Load(pudp), "gup_pmd_range");
        var pmdp = S390.Offset(cpu, pudp, addr);
        var pmdCopy = mm.Memory.Stack.Push(cpu.Load(pmdp), "gup_pte_range");
        cpu.ForgetAccesses();
        Assert.Equal(pmdp, S390.OffsetLockless(cpu, pudp, pudCopy, addr));
        Assert.Empty(cpu.Accesses);
        var ptep = S390.OffsetLockless(cpu, pmdp, pmdCopy, addr);
        Assert.Equal(S390.Offset(new Cpu(mm.Memory), pmdp, addr), ptep);
        Assert.Equal(pmdCopy.Address, Assert.Single(cpu.Accesses).Pointer);
    }

    [Fact] // mm/pgalloc.c 6.1:98-117 crst_table_upgrade from 3 to 5 levels: entry 0 of the new region-1 table is
           // pgd_populate'd with the new region-2 table; a region entry of its own type with no origin is not present.
    public void CrstTableUpgrade_ToFiveLevels_ChainsTheNewTables()
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        S390.CrstTableUpgrade(mm, (1UL << 53) + 4096);
        var r1 = mm.Memory.TableAt(mm.Pgd)!;
        Assert.Equal("region-2 table", mm.Memory.TableAt(r1.Peek(0) & ~0xfffUL)!.Name);
        Assert.Equal(0x0fUL, r1.Peek(0) & 0xfff);
        Assert.False(S390.Present(new Entry(Level.Pud, 0x07)));
    }
}
