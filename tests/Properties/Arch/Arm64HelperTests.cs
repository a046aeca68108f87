using PgtableInvariants.Arch;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Architectures.Arm64;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Arch;

/// <summary>arm64 helpers (arch/arm64/include/asm/pgtable*.h, pgalloc.h, arch/arm64/mm/mmap.c) of each configuration, and
/// what 6.10 (LPA2, <c>PTE_PRESENT_INVALID</c>), 6.11 (<c>p4d_offset_lockless_folded</c>) and 6.12 change.</summary>
public sealed class Arm64HelperTests
{
    private const ulong Valid = 1, TableBit = 2, TypeTable = 3, TypeSect = 1;
    private const ulong User = 1UL << 6, Rdonly = 1UL << 7, Shared = 3UL << 8, Af = 1UL << 10, Ng = 1UL << 11;
    private const ulong Write = 1UL << 51, Cont = 1UL << 52, Pxn = 1UL << 53, Uxn = 1UL << 54;
    private const ulong SwDirty = 1UL << 55, Special = 1UL << 56, Devmap = 1UL << 57;
    private const ulong ProtNoneV68 = 1UL << 58, PmdPresentInvalidV68 = 1UL << 59, TablePxn = 1UL << 59;

    /// <summary><c>_PAGE_DEFAULT</c> (<c>PTE_TYPE_PAGE | PTE_AF | PTE_SHARED</c>, MT_NORMAL) and <c>PAGE_READONLY</c>.</summary>
    private const ulong PageDefault = Valid | TableBit | Af | Shared, PageReadonly = PageDefault | User | Rdonly | Ng | Pxn | Uxn;

    private static Model Model(string name) => Afresh.Model(name);

    private static IArchitecture Arch(string name) => Model(name).Arch;

    private static Entry E(Level level, ulong raw) => new(level, raw);

    // --- Geometry, sizes and the first era of each configuration ---------------------------------------------------

    [Theory] // ARM64_HW_PGTABLE_LEVEL_SHIFT(n) = (PAGE_SHIFT - 3) * (4 - n) + 3, PTRS_PER_PGD = 1 << (VA_BITS - PGDIR_SHIFT);
             // the folded levels (nop headers) take their parent's shift and 1 entry; a run-time fold keeps its own.
    [InlineData("arm64/4k/48@v6.10", new[] { 39, 39, 30, 21, 12 }, new[] { 512, 1, 512, 512, 512 }, 4)]
    [InlineData("arm64/4k/52@v6.10", new[] { 48, 39, 30, 21, 12 }, new[] { 16, 512, 512, 512, 512 }, 5)]
    [InlineData("arm64/4k/52-p4d-folded@v6.10", new[] { 48, 39, 30, 21, 12 }, new[] { 16, 512, 512, 512, 512 }, 4)]
    [InlineData("arm64/16k/47@v6.8", new[] { 36, 36, 36, 25, 14 }, new[] { 2048, 1, 1, 2048, 2048 }, 3)]
    [InlineData("arm64/16k/52@v6.10", new[] { 47, 47, 36, 25, 14 }, new[] { 32, 1, 2048, 2048, 2048 }, 4)]
    [InlineData("arm64/16k/52-pud-folded@v6.10", new[] { 47, 47, 36, 25, 14 }, new[] { 32, 1, 2048, 2048, 2048 }, 3)]
    [InlineData("arm64/64k/42@v6.8", new[] { 29, 29, 29, 29, 16 }, new[] { 8192, 1, 1, 1, 8192 }, 2)]
    [InlineData("arm64/64k/52@v6.8", new[] { 42, 42, 42, 29, 16 }, new[] { 1024, 1, 1, 8192, 8192 }, 3)]
    public void Geometry_IsTheConfigurationsCompileTimeOne(string name, int[] shifts, int[] ptrsPer, int realLevels)
    {
        var model = Model(name);
        Assert.Equal(shifts, model.Arch.Geometry.Levels.Select(l => l.Shift));
        Assert.Equal(ptrsPer, model.Arch.Geometry.Levels.Select(l => l.PtrsPer));
        Assert.Equal(realLevels, model.Arch.Geometry.RealLevels);
        Assert.Equal(realLevels, model.NewAddressSpace().Levels);
    }

    [Theory] // arch/arm64/mm/pgd.c: a page for the pgd when pgdir_is_page_size() (a level folded into it at run time),
             // else PGD_SIZE = PTRS_PER_PGD * sizeof(pgd_t) from a kmem_cache.
    [InlineData("arm64/4k/52-p4d-folded@v6.10", 4096)]
    [InlineData("arm64/4k/52@v6.10", 16 * 8)]
    [InlineData("arm64/16k/52-pud-folded@v6.10", 16384)]
    [InlineData("arm64/16k/52@v6.10", 32 * 8)]
    [InlineData("arm64/4k/48@v6.10", 4096)]
    public void PgdTable_IsAWholePageOnlyWhenALevelIsFoldedIntoIt(string name, int bytes)
    {
        var mm = Model(name).NewAddressSpace();
        Assert.Equal((ulong)bytes, mm.Memory.TableAt(mm.Pgd)!.Bytes);
    }

    [Theory] // TASK_SIZE_64 = 1 << vabits_actual (VA_BITS_MIN without the 52-bit CPU: 48, or 47 with 16K);
             // PHYS_MASK_SHIFT 52 only with CONFIG_ARM64_PA_BITS_52 on a CPU that has it.
    [InlineData("arm64/4k/48@v6.10", 48, 48)]
    [InlineData("arm64/4k/52@v6.10", 52, 52)]
    [InlineData("arm64/4k/52-p4d-folded@v6.10", 48, 48)]
    [InlineData("arm64/16k/47@v6.10", 47, 48)]
    [InlineData("arm64/16k/52-pud-folded@v6.10", 47, 48)]
    [InlineData("arm64/64k/42@v6.10", 42, 48)]
    [InlineData("arm64/64k/52@v6.10", 52, 52)]
    public void TaskSizeAndPhysicalBits_FollowTheCpu(string name, int vaBits, int paBits)
    {
        var arch = Arch(name);
        Assert.Equal(1UL << vaBits, arch.TaskSizeMax);
        Assert.Equal(paBits, arch.PhysicalAddressBits);
        Assert.Equal(new Pfn(((1UL << paBits) - 1) >> arch.Geometry.PageShift), arch.MaxPfn);
    }

    [Theory] // arch_hugetlb_valid_size: PMD_SIZE at every granule, PUD_SIZE only where pud_sect_supported() (4K pages).
    [InlineData("arm64/4k/48@v6.10", new[] { 21, 30 })]
    [InlineData("arm64/4k/52@v6.12", new[] { 21, 30 })]
    [InlineData("arm64/16k/47@v6.10", new[] { 25 })]
    [InlineData("arm64/64k/42@v6.10", new[] { 29 })]
    [InlineData("arm64/64k/52@v6.10", new[] { 29 })]
    public void HugeSizes_PudBlocksOnlyWith4KPages(string name, int[] shifts)
    {
        var arch = Arch(name);
        Assert.Equal(shifts.Select(s => 1UL << s), arch.HugeSizes.Select(s => s.Bytes));
        Assert.True(arch.HasLeafHelpers(Level.Pmd));
        Assert.Equal(shifts.Length > 1, arch.HasLeafHelpers(Level.Pud));
    }

    [Fact] // 52-bit VA with 4K or 16K pages came with LPA2 in 6.9: no 6.8 kernel builds it.
    public void Constructor_RefusesAConfigurationBeforeItsFirstEra()
    {
        var e = Assert.Throws<ArgumentException>(() => new Arm64Architecture(Arm64Config.FourK52, KernelEra.V6_8));
        Assert.Contains("arm64/4k/52 cannot be built before v6.10", Guard.Problem(e));
        Assert.Equal(KernelEra.V6_10, new Arm64Architecture(Arm64Config.FourK52, KernelEra.V6_10).Era);
        Assert.Equal([KernelEra.V6_8, KernelEra.V6_10, KernelEra.V6_11, KernelEra.V6_12], Arm64Architecture.Eras);
    }

    [Theory] // VA_BITS_MIN, vabits_actual, lpa2_is_enabled() and the level pgtable_l{4,5}_enabled() folds at run time.
    [InlineData("arm64/4k/48", 4, 48, false, null)]
    [InlineData("arm64/4k/52", 5, 52, true, null)]
    [InlineData("arm64/4k/52-p4d-folded", 5, 48, false, Level.P4d)]
    [InlineData("arm64/16k/52", 4, 52, true, null)]
    [InlineData("arm64/16k/52-pud-folded", 4, 47, false, Level.Pud)]
    [InlineData("arm64/64k/52", 3, 52, false, null)]
    public void Config_DerivesTheBootTimeState(string name, int levels, int vaBitsActual, bool lpa2, Level? runtimeFolded)
    {
        var config = Arm64Config.All.Single(c => c.Name == name);
        Assert.Equal(levels, config.Levels);
        Assert.Equal(vaBitsActual, config.VaBitsActual);
        Assert.Equal(lpa2, config.Lpa2Enabled);
        Assert.Equal(runtimeFolded, config.RuntimeFolded);
    }

    [Theory] // What `list` says of each configuration's folding names the kernel's mechanism.
    [InlineData("arm64/4k/52-p4d-folded", "pgd_to_folded_p4d")]
    [InlineData("arm64/4k/52", "16-entry level -1 table")]
    [InlineData("arm64/16k/52-pud-folded", "p4d_to_folded_pud")]
    [InlineData("arm64/16k/52", "p4d folded statically (pgtable-nop4d.h)")]
    [InlineData("arm64/4k/48", "p4d folded statically (pgtable-nop4d.h)")]
    [InlineData("arm64/16k/47", "pgtable-nopud.h")]
    [InlineData("arm64/64k/42", "pgtable-nopmd.h")]
    public void Folding_NamesTheKernelsMechanism(string name, string mechanism) =>
        Assert.Contains(mechanism, Arm64Config.All.Single(c => c.Name == name).Folding);

    // --- Offsets: run-time folds re-index the parent's page; the lockless forms of each era -----------------------

    [Fact] // 6.9+ p4d_offset = p4d_offset_lockless(pgdp, READ_ONCE(*pgdp), a): without LPA2, pgd_to_folded_p4d aligns
           // pgdp down to its page and adds p4d_index(a), so the pgd page is the hardware's level 0 table.
    public void RuntimeFoldedP4dOffset_ReadsThePgdAndReindexesItsPage()
    {
        var model = Model("arm64/4k/52-p4d-folded@v6.10");
        var mm = model.NewAddressSpace();
        var cpu = new Cpu(mm.Memory);
        var addr = new VirtualAddress((1UL << 48) | (0x0feUL << 39) | 0x1234_5000);
        var pgdp = model.Arch.PgdOffset(cpu, mm, addr);
        Assert.Equal(mm.Pgd + 8, pgdp.Address);
        var p4dp = model.Arch.Offset(cpu, pgdp, addr);
        Assert.Equal(new EntryPointer(Level.P4d, mm.Pgd + 0x0fe * 8), p4dp);
        Assert.Equal(1, cpu.Loads);
    }

    [Fact] // pud_offset_lockless without pgtable_l4_enabled(): p4d_to_folded_pud(p4dp, a), from the real pointer, even
           // when the caller passes a stack copy; nothing is read.
    public void RuntimeFoldedPudOffsetLockless_UsesTheRealPointerNotTheCopy()
    {
        var model = Model("arm64/16k/52-pud-folded@v6.10");
        var mm = model.NewAddressSpace();
        var cpu = new Cpu(mm.Memory);
        var addr = new VirtualAddress((0x5a5UL << 36) | 0x4000);
        var pgdp = model.Arch.PgdOffset(cpu, mm, addr);
        var p4dp = model.Arch.Offset(cpu, pgdp, addr);
        Assert.Equal(pgdp.Address, p4dp.Address);
        var copy = new StackCopy(E(Level.P4d, 0), new EntryPointer(Level.P4d, mm.Pgd + 0x100), "gup_fast_p4d_range");
        var pudp = model.Arch.OffsetLockless(cpu, p4dp, copy, addr);
        Assert.Equal(new EntryPointer(Level.Pud, mm.Pgd + 0x5a5 * 8), pudp);
        Assert.Equal(0, cpu.Loads);
    }

    [Fact] // 36639013b346 (6.11): a 4-level build's p4d_offset_lockless_folded offsets from the real pgd pointer; 6.10
           // took the generic p4d_offset(&pgd, a), the address of the caller's copy.
    public void FoldedP4dOffsetLockless_FromTheRealPointerFrom611()
    {
        var v610 = (Arm64Architecture)Arch("arm64/4k/48@v6.10");
        var v611 = (Arm64Architecture)Arch("arm64/4k/48@v6.11");
        var pgdp = new EntryPointer(Level.Pgd, 0x4000_0008);
        var copy = new StackCopy(E(Level.Pgd, 0x8000_0003), new EntryPointer(Level.Pgd, 0x7ffc_0010), "gup_fast_pgd_range");
        var memory = new Cpu(new MachineMemory());
        Assert.Equal(copy.Address.Address, v610.OffsetLockless(memory, pgdp, copy, new VirtualAddress(0)).Address);
        Assert.Equal(new EntryPointer(Level.P4d, pgdp.Address), v611.OffsetLockless(memory, pgdp, copy, new VirtualAddress(0)));
        Assert.False(v610.LocklessP4dFromRealPointer);
        Assert.True(v611.LocklessP4dFromRealPointer);
        Assert.True(((Arm64Architecture)Arch("arm64/4k/52@v6.10")).LocklessP4dFromRealPointer);
    }

    [Theory] // 6.9+ pud_offset_lockless (4 levels or more) and p4d_offset_lockless (5) take the table from the value
             // passed, __va(pXd_page_paddr(value)) + index, and read nothing; 6.8 had the generic pud_offset(&p4d, a),
             // which reads the copy in memory (here a slot that holds 0).
    [InlineData("arm64/4k/48@v6.8", Level.P4d, false)]
    [InlineData("arm64/4k/48@v6.10", Level.P4d, true)]
    [InlineData("arm64/4k/48@v6.12", Level.P4d, true)]
    [InlineData("arm64/4k/52@v6.10", Level.Pgd, true)]
    [InlineData("arm64/4k/52@v6.11", Level.Pgd, true)]
    public void RealLevelOffsetLockless_TakesTheTableFromTheValue(string name, Level parentLevel, bool fromValue)
    {
        var model = Model(name);
        var arch = model.Arch;
        var mm = model.NewAddressSpace();
        var cpu = new Cpu(mm.Memory);
        var child = parentLevel.Child();
        var addr = new VirtualAddress(0x7UL << arch.Geometry[child].Shift);
        var table = 0x4000_0000UL;
        var copy = new StackCopy(arch.TableEntry(parentLevel, table), new EntryPointer(parentLevel, mm.Pgd + 8 * 9), "caller");
        var pointer = arch.OffsetLockless(cpu, new EntryPointer(parentLevel, mm.Pgd), copy, addr);
        Assert.Equal(new EntryPointer(child, (fromValue ? table : 0) + 7 * 8), pointer);
        Assert.Equal(fromValue ? 0 : 1, cpu.Loads);
    }

    // --- none, present, bad, leaf, huge -----------------------------------------------------------------------------

    [Fact] // 6.10 pte_present = pte_valid || pte_present_invalid ((VALID|PTE_PRESENT_INVALID) == PTE_PRESENT_INVALID, nG);
           // pmd_present and pud_present are the pte test; 6.8's PTE_PROT_NONE and PMD_PRESENT_INVALID no longer count.
    public void Present_V610_IsValidOrPresentInvalid()
    {
        var arch = Arch("arm64/4k/48@v6.10");
        foreach (var level in new[] { Level.Pte, Level.Pmd, Level.Pud })
        {
            Assert.True(arch.Present(E(level, Valid)));
            Assert.True(arch.Present(E(level, Ng)));
            Assert.True(arch.Present(E(level, Valid | Ng)));
            Assert.False(arch.Present(E(level, Af | ProtNoneV68 | PmdPresentInvalidV68)));
            Assert.False(arch.None(E(level, Af)));
            Assert.True(arch.None(E(level, 0)));
        }
    }

    [Fact] // 6.8: pte_present = VALID | PTE_PROT_NONE; pmd_present adds PMD_PRESENT_INVALID (pmd_mkinvalid); nG alone is
           // not present.
    public void Present_V68_CountsProtNoneAndThePmdsPresentInvalid()
    {
        var arch = Arch("arm64/4k/48@v6.8");
        Assert.True(arch.Present(E(Level.Pte, ProtNoneV68)));
        Assert.False(arch.Present(E(Level.Pte, PmdPresentInvalidV68)));
        Assert.False(arch.Present(E(Level.Pte, Ng)));
        Assert.True(arch.Present(E(Level.Pmd, PmdPresentInvalidV68)));
        Assert.True(arch.Present(E(Level.Pmd, Valid)));
        Assert.False(arch.Present(E(Level.Pmd, Ng)));
        Assert.True(arch.Present(E(Level.Pud, ProtNoneV68)));
        Assert.False(arch.Present(E(Level.Pud, PmdPresentInvalidV68)));
    }

    [Fact] // A 5-level build's pgd and p4d: pXd_none is !val, pXd_present its negation, pXd_bad a clear table bit (bit 1).
    public void RealPgdAndP4d_PresentWhenNotNone_BadWithoutTheTableBit()
    {
        var arch = Arch("arm64/4k/52@v6.10");
        foreach (var level in new[] { Level.Pgd, Level.P4d })
        {
            Assert.True(arch.Present(E(level, Af)));
            Assert.False(arch.Present(E(level, 0)));
            Assert.True(arch.Bad(E(level, TypeSect)));
            Assert.False(arch.Bad(E(level, TableBit)));
        }
        var folded = Arch("arm64/4k/52-p4d-folded@v6.10");
        Assert.False(folded.Bad(E(Level.Pgd, TypeSect)));
        Assert.False(folded.None(E(Level.Pgd, 0)));
    }

    [Theory] // pmd_bad = !pmd_table; pud_bad the same with 4K pages, and the pud_table stub (constant true) makes it
             // false with 64K pages until Debian 6.12 tests the type field.
    [InlineData("arm64/4k/48@v6.10", Level.Pmd, true)]
    [InlineData("arm64/4k/48@v6.10", Level.Pud, true)]
    [InlineData("arm64/64k/52@v6.10", Level.Pmd, true)]
    [InlineData("arm64/64k/52@v6.10", Level.Pud, false)]
    [InlineData("arm64/64k/52@v6.12", Level.Pud, true)]
    [InlineData("arm64/4k/48@v6.12", Level.Pud, true)]
    public void Bad_IsNotATable(string name, Level level, bool sectIsBad)
    {
        var arch = Arch(name);
        Assert.Equal(sectIsBad, arch.Bad(E(level, 0x4000_0000 | Af | TypeSect)));
        Assert.Equal(sectIsBad, arch.Bad(E(level, 0x4000_0000 | Af | TableBit)));
        Assert.False(arch.Bad(E(level, 0x4000_0000 | TypeTable)));
    }

    [Fact] // pmd_leaf = pmd_present && !pmd_table (an invalidated THP still is one); pud_leaf the same with 4K pages,
           // false with the 64K pud_table stub; no leaf at the pte or above the pud.
    public void Leaf_IsPresentAndNotATable()
    {
        var arch = Arch("arm64/4k/48@v6.10");
        Assert.True(arch.Leaf(E(Level.Pmd, 0x20_0000 | Af | TypeSect)));
        Assert.True(arch.Leaf(E(Level.Pmd, 0x20_0000 | Af | Ng)));
        Assert.False(arch.Leaf(E(Level.Pmd, 0x20_0000 | Af)));
        Assert.False(arch.Leaf(E(Level.Pmd, 0x20_0000 | TypeTable)));
        Assert.True(arch.Leaf(E(Level.Pud, 0x4000_0000 | Af | TypeSect)));
        Assert.False(arch.Leaf(E(Level.Pud, 0x4000_0000 | Af)));
        Assert.False(arch.Leaf(E(Level.Pud, 0x4000_0000 | TypeTable)));
        Assert.False(arch.Leaf(E(Level.Pte, 0x1000 | TypeTable)));
        Assert.False(Arch("arm64/4k/52@v6.10").Leaf(E(Level.P4d, TypeSect)));
        Assert.False(Arch("arm64/64k/52@v6.10").Leaf(E(Level.Pud, 0x4000_0000 | Af | TypeSect)));
        Assert.True(Arch("arm64/64k/52@v6.10").Leaf(E(Level.Pmd, 0x2000_0000 | Af | TypeSect)));
    }

    [Fact] // 6.8 hugetlbpage.c: pmd_huge = pmd_val && !(val & PMD_TABLE_BIT), so a non-present block counts; pud_huge
           // the same unless the pmd is folded. From 6.10 callers ask pXd_leaf, which wants it present.
    public void Huge_V68_IgnoresPresence_V610_IsLeaf()
    {
        var v68 = Arch("arm64/4k/48@v6.8");
        var v610 = Arch("arm64/4k/48@v6.10");
        var notPresent = 0x20_0000UL | Af;
        Assert.True(v68.Huge(E(Level.Pmd, notPresent)));
        Assert.True(v68.Huge(E(Level.Pud, notPresent)));
        Assert.False(v68.Huge(E(Level.Pmd, 0)));
        Assert.False(v68.Huge(E(Level.Pud, 0)));
        Assert.False(v68.Huge(E(Level.Pmd, notPresent | TableBit)));
        Assert.False(v68.Huge(E(Level.Pud, notPresent | TableBit)));
        Assert.False(v68.Huge(E(Level.Pte, notPresent)));
        Assert.False(v610.Huge(E(Level.Pmd, notPresent)));
        Assert.True(v610.Huge(E(Level.Pmd, notPresent | TypeSect)));
        Assert.False(Arch("arm64/64k/42@v6.8").Huge(E(Level.Pud, notPresent | TypeSect)));
    }

    // --- entry bits and their helpers -------------------------------------------------------------------------------

    [Fact] // pte_write is PTE_WRITE (DBM), pte_young PTE_AF; pte_dirty = PTE_DIRTY || (PTE_WRITE && !PTE_RDONLY).
    public void WriteYoungDirty_AreTheirBits()
    {
        var arch = Arch("arm64/4k/48@v6.10");
        Assert.True(arch.Write(E(Level.Pte, Write | Rdonly)));
        Assert.False(arch.Write(E(Level.Pte, Rdonly | Shared)));
        Assert.True(arch.Young(E(Level.Pte, Af)));
        Assert.False(arch.Young(E(Level.Pte, Ng | Valid)));
        Assert.True(arch.Dirty(E(Level.Pte, SwDirty | Rdonly)));
        Assert.True(arch.Dirty(E(Level.Pte, Write)));
        Assert.False(arch.Dirty(E(Level.Pte, Write | Rdonly)));
        Assert.False(arch.Dirty(E(Level.Pte, Rdonly)));
    }

    [Fact] // pte_mkdirty sets PTE_DIRTY and, when writable, clears PTE_RDONLY; pte_mkclean clears PTE_DIRTY and sets
           // PTE_RDONLY; pte_mkyoung/pte_mkold PTE_AF.
    public void MkDirtyMkCleanMkYoungMkOld()
    {
        var arch = Arch("arm64/4k/48@v6.10");
        Assert.Equal(E(Level.Pte, SwDirty | Rdonly), arch.MkDirty(E(Level.Pte, Rdonly)));
        Assert.Equal(E(Level.Pte, SwDirty | Write), arch.MkDirty(E(Level.Pte, Write | Rdonly)));
        Assert.Equal(E(Level.Pte, Write | Rdonly), arch.MkClean(E(Level.Pte, Write | SwDirty)));
        Assert.Equal(E(Level.Pte, Af | Valid), arch.MkYoung(E(Level.Pte, Valid)));
        Assert.Equal(E(Level.Pte, Valid), arch.MkOld(E(Level.Pte, Af | Valid)));
    }

    [Fact] // pte_mkwrite_novma sets PTE_WRITE and clears PTE_RDONLY; Debian 6.12 clears it only when software-dirty, so a
           // clean writable entry stays read-only to the hardware until DBM dirties it.
    public void MkWrite_V612ClearsReadOnlyOnlyWhenDirty()
    {
        var v610 = Arch("arm64/4k/48@v6.10");
        var v612 = Arch("arm64/4k/48@v6.12");
        Assert.Equal(E(Level.Pte, Write), v610.MkWrite(E(Level.Pte, Rdonly)));
        Assert.Equal(E(Level.Pte, Write | Rdonly), v612.MkWrite(E(Level.Pte, Rdonly)));
        Assert.Equal(E(Level.Pte, Write | SwDirty), v612.MkWrite(E(Level.Pte, Rdonly | SwDirty)));
        Assert.Equal(v612.MkWrite(E(Level.Pte, Rdonly)), v612.MkWriteNovma(E(Level.Pte, Rdonly)));
    }

    [Fact] // pte_wrprotect: a hardware-dirty entry (WRITE, !RDONLY) first gets PTE_DIRTY; then WRITE cleared, RDONLY set.
    public void Wrprotect_KeepsHardwareDirtinessInPteDirty()
    {
        var arch = Arch("arm64/4k/48@v6.10");
        Assert.Equal(E(Level.Pte, SwDirty | Rdonly | Af), arch.Wrprotect(E(Level.Pte, Write | Af)));
        Assert.Equal(E(Level.Pte, Rdonly | Af), arch.Wrprotect(E(Level.Pte, Write | Rdonly | Af)));
        Assert.True(arch.Dirty(arch.Wrprotect(E(Level.Pte, Write))));
        Assert.False(arch.Write(arch.Wrprotect(E(Level.Pte, Write))));
    }

    [Fact] // pmd_mkhuge, pud_mkhuge: clear the table bit, a block descriptor (0b01).
    public void MkHuge_MakesABlock() =>
        Assert.Equal(E(Level.Pmd, 0x20_0000 | Af | TypeSect), Arch("arm64/4k/48@v6.10").MkHuge(E(Level.Pmd, 0x20_0000 | Af | TypeTable)));

    [Fact] // huge_ptep_get of a present PTE_CONT entry reads its folio's size: not a function of the entry, refused; a
           // non-contiguous or non-present entry is read as a pte.
    public void HugePteGet_RefusesAPresentContiguousEntry()
    {
        var arch = Arch("arm64/4k/48@v6.10");
        var e = Assert.Throws<NotSupportedException>(() => arch.HugePteGet(E(Level.Pmd, Valid | Cont)));
        Assert.Contains("contiguous", e.Message);
        Assert.Equal(E(Level.Pte, Cont | Af), arch.HugePteGet(E(Level.Pmd, Cont | Af)));
        Assert.Equal(E(Level.Pte, Valid | Af), arch.HugePteGet(E(Level.Pmd, Valid | Af)));
    }

    [Fact] // pte_special (bit 56) in every era; pmd_special from 6.12 (ARCH_SUPPORTS_PMD_PFNMAP), pud_special false there;
           // before 6.12 a caller of pmd_special or pud_special does not compile.
    public void Special_PteAlways_PmdFrom612()
    {
        var v610 = Arch("arm64/4k/48@v6.10");
        var v612 = Arch("arm64/4k/48@v6.12");
        Assert.True(v610.Special(E(Level.Pte, Special)));
        Assert.False(v610.Special(E(Level.Pte, Devmap)));
        var e = Assert.Throws<NotSupportedException>(() => v610.Special(E(Level.Pmd, Special)));
        Assert.Contains("pmd_special", e.Message);
        Assert.Throws<NotSupportedException>(() => v610.Special(E(Level.Pud, Special)));
        Assert.True(v612.Special(E(Level.Pmd, Special)));
        Assert.False(v612.Special(E(Level.Pmd, Devmap)));
        Assert.False(v612.Special(E(Level.Pud, Special)));
    }

    [Fact] // 6.10 pte_protnone = present-invalid && !PTE_USER && !pte_user_exec (UXN set); 6.8: PTE_PROT_NONE without VALID.
    public void ProtNone_ByEra()
    {
        var v610 = Arch("arm64/4k/48@v6.10");
        Assert.True(v610.ProtNone(E(Level.Pte, Ng | Uxn)));
        Assert.False(v610.ProtNone(E(Level.Pte, Ng | Uxn | Valid)));
        Assert.False(v610.ProtNone(E(Level.Pte, Ng | Uxn | User)));
        Assert.False(v610.ProtNone(E(Level.Pte, Ng)));
        Assert.False(v610.ProtNone(E(Level.Pte, Uxn | ProtNoneV68)));
        var v68 = Arch("arm64/4k/48@v6.8");
        Assert.True(v68.ProtNone(E(Level.Pte, ProtNoneV68 | Uxn | User)));
        Assert.False(v68.ProtNone(E(Level.Pte, ProtNoneV68 | Valid)));
        Assert.False(v68.ProtNone(E(Level.Pte, Ng | Uxn)));
    }

    [Fact] // pte_devmap, pmd_devmap: PTE_DEVMAP (bit 57); pud_devmap and pgd_devmap are 0 on arm64.
    public void Devmap_PteAndPmdOnly()
    {
        var arch = Arch("arm64/4k/48@v6.10");
        Assert.True(arch.Devmap(E(Level.Pte, Devmap)));
        Assert.True(arch.Devmap(E(Level.Pmd, Devmap)));
        Assert.False(arch.Devmap(E(Level.Pud, Devmap)));
        Assert.False(arch.Devmap(E(Level.Pte, Special)));
    }

    [Fact] // pte_access_permitted(pte, write) = (VALID | USER) both set && (!write || pte_write).
    public void AccessPermitted_WantsValidAndUser_AndWriteForAWrite()
    {
        var arch = Arch("arm64/4k/48@v6.10");
        Assert.True(arch.AccessPermitted(E(Level.Pte, Valid | User), write: false));
        Assert.False(arch.AccessPermitted(E(Level.Pte, Valid | User), write: true));
        Assert.True(arch.AccessPermitted(E(Level.Pte, Valid | User | Write | Rdonly), write: true));
        Assert.False(arch.AccessPermitted(E(Level.Pte, Valid), write: false));
        Assert.False(arch.AccessPermitted(E(Level.Pte, User | Ng), write: false));
    }

    // --- addresses in descriptors and the protection map -------------------------------------------------------------

    [Fact] // arch/arm64/mm/mmap.c protection_map: PAGE_NONE (6.10: present-invalid nG; 6.8: PTE_PROT_NONE), private
           // writable = PAGE_READONLY (copy on write), shared writable = PAGE_SHARED (RDONLY | WRITE), exec drops UXN.
    public void PfnEntry_TakesTheProtectionMap()
    {
        var arch = Arch("arm64/4k/48@v6.10");
        ulong Raw(VmFlags flags) => arch.PfnEntry(Level.Pte, new Pfn(0x12345), flags).Raw & ~0x1234_5000UL;
        var none = (PageDefault & ~Valid) | Ng | Rdonly | Pxn | Uxn;
        Assert.Equal(none, Raw(VmFlags.None));
        Assert.Equal(none, Raw(VmFlags.Shared));
        Assert.Equal(PageReadonly, Raw(VmFlags.Read));
        Assert.Equal(PageReadonly, Raw(VmFlags.Write));
        Assert.Equal(PageReadonly, Raw(VmFlags.Read | VmFlags.Write));
        Assert.Equal(PageReadonly & ~Uxn, Raw(VmFlags.Exec));
        Assert.Equal(PageReadonly & ~Uxn, Raw(VmFlags.Write | VmFlags.Exec));
        Assert.Equal(PageReadonly | Write, Raw(VmFlags.Shared | VmFlags.Write));
        Assert.Equal(PageReadonly | Write, Raw(VmFlags.Shared | VmFlags.Read | VmFlags.Write));
        Assert.Equal(PageReadonly, Raw(VmFlags.Shared | VmFlags.Read));
        Assert.Equal((PageReadonly | Write) & ~Uxn, Raw(VmFlags.Shared | VmFlags.Write | VmFlags.Exec));
        Assert.Equal(PageReadonly & ~Uxn, Raw(VmFlags.Shared | VmFlags.Exec));
        Assert.Equal(0x1234_5000UL, arch.PfnEntry(Level.Pte, new Pfn(0x12345), VmFlags.Read).Raw & 0x000f_ffff_ffff_f000);
        Assert.Equal((PageDefault & ~Valid) | ProtNoneV68 | Ng | Rdonly | Pxn | Uxn,
            Arch("arm64/4k/48@v6.8").PfnEntry(Level.Pte, new Pfn(0), VmFlags.None).Raw);
    }

    [Fact] // adjust_protection_map: with LPA2 enabled PTE_SHARED is dropped (bits 9:8 are OA[51:50]).
    public void PfnEntry_WithLpa2_HasNoSharedBits()
    {
        var raw = Arch("arm64/4k/52@v6.10").PfnEntry(Level.Pte, new Pfn(0x12345), VmFlags.Read).Raw;
        Assert.Equal((0x1_2345_000UL | PageReadonly) & ~Shared, raw);
    }

    [Theory] // __phys_to_pte_val / __pte_to_phys: PA[47:12] in place (6.8; [49:12] from 6.9), PA[51:50] in bits 9:8 under
             // LPA2, PA[51:48] in bits 15:12 with 64K pages and 52-bit PA; a round trip keeps the frame.
    [InlineData("arm64/4k/52@v6.10", 0x000f_0123_4567_8000UL, 0x0003_0123_4567_8000UL | (3UL << 8))]
    [InlineData("arm64/16k/52@v6.10", 0x000c_0123_4567_c000UL, 0x0000_0123_4567_c000UL | (3UL << 8))]
    [InlineData("arm64/64k/52@v6.8", 0x000f_0123_4567_0000UL, 0x0000_0123_4567_0000UL | (0xfUL << 12))]
    [InlineData("arm64/4k/48@v6.10", 0x0003_0123_4567_8000UL, 0x0003_0123_4567_8000UL)]
    public void Descriptor_HoldsTheHighAddressBitsWhereTheFormatSays(string name, ulong phys, ulong addressBits)
    {
        var arch = Arch(name);
        var table = arch.TableEntry(Level.Pmd, phys);
        Assert.Equal(addressBits | TypeTable | TablePxn, table.Raw);
        Assert.Equal(phys, arch.TableAddress(table));
        var pfn = Pfn.OfPhysical(phys, arch.Geometry.PageShift);
        var leaf = arch.PfnEntry(Level.Pte, pfn, VmFlags.Read);
        Assert.Equal(pfn, arch.Pfn(leaf));
    }

    [Fact] // 6.8 PTE_ADDR_LOW is bits 47:12, so bits 49:48 of a descriptor are no address; from 6.9 they are.
    public void TableAddress_V68_StopsAtBit47()
    {
        var raw = E(Level.Pmd, 0x0003_0000_4000_0000UL | TypeTable);
        Assert.Equal(0x4000_0000UL, Arch("arm64/4k/48@v6.8").TableAddress(raw));
        Assert.Equal(0x0003_0000_4000_0000UL, Arch("arm64/4k/48@v6.10").TableAddress(raw));
    }

    [Fact] // A 52-bit PA build on a CPU without LPA2 keeps PTE_SHARED in bits 9:8: __pte_to_phys clears them before it reads
           // OA[51:50] there, so a shareable descriptor's frame is its low bits alone.
    public void Pfn_WithoutLpa2Enabled_IgnoresTheSharedBits()
    {
        var arch = Arch("arm64/4k/52-p4d-folded@v6.10");
        var leaf = arch.PfnEntry(Level.Pte, new Pfn(0x12345), VmFlags.Read);
        Assert.Equal(Shared, leaf.Raw & Shared);
        Assert.Equal(new Pfn(0x12345), arch.Pfn(leaf));
    }

    [Theory] // pmd_mkinvalid: PTE_VALID cleared and the present-invalid mark set, PMD_PRESENT_INVALID (bit 59) in 6.8,
             // PTE_PRESENT_INVALID = PTE_NG from 6.10; pmd_present still holds, so a THP split in progress stays present.
    [InlineData("arm64/4k/48@v6.8", PmdPresentInvalidV68)]
    [InlineData("arm64/4k/48@v6.10", Ng)]
    [InlineData("arm64/64k/52@v6.12", Ng)]
    public void PmdMkInvalid_ClearsValidAndSetsTheErasPresentInvalidMark(string name, ulong mark)
    {
        var arch = Arch(name);
        var block = E(Level.Pmd, 0x4020_0000UL | Af | TypeSect);
        var invalid = arch.PmdMkInvalid(block);
        Assert.Equal((block.Raw & ~Valid) | mark, invalid.Raw);
        Assert.True(arch.Present(invalid));
    }

    [Fact] // pmd_pfn and pud_pfn cut the address to the block (PMD_MASK, PUD_MASK); pte_pfn keeps every page bit.
    public void Pfn_OfABlockIsCutToItsSize()
    {
        var arch = Arch("arm64/4k/48@v6.10");
        var raw = 0x1_2345_6000UL | Af | TypeSect;
        Assert.Equal(new Pfn(0x12_3456), arch.Pfn(E(Level.Pte, raw)));
        Assert.Equal(new Pfn(0x12_3400), arch.Pfn(E(Level.Pmd, raw)));
        Assert.Equal(new Pfn(0x10_0000), arch.Pfn(E(Level.Pud, raw)));
    }
}
