using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;
using static PgtableInvariants.Arch.Architectures.Arm64.Arm64Bits;

namespace PgtableInvariants.Arch.Architectures.Arm64;

/// <summary>arm64, arch/arm64/include/asm/pgtable*.h and pgalloc.h, for one <see cref="Arm64Config"/> in the forms of one
/// helper era: 6.8, 6.10 (run-time folding and LPA2 from 6.9, <c>PTE_PRESENT_INVALID</c>), 6.11
/// (<c>p4d_offset_lockless_folded</c>, 36639013b346) or 6.12 (Debian 6.12.117).</summary>
public sealed class Arm64Architecture : GenericArchitecture
{
    private static readonly Forms[] FormsByEra =
    [
        new(KernelEra.V6_8, PresentInvalidNg: false, AddressTop: 47, LocklessFolded: false, PudBadTestsType: false, MkWriteNeedsSwDirty: false),
        new(KernelEra.V6_10, PresentInvalidNg: true, AddressTop: 49, LocklessFolded: false, PudBadTestsType: false, MkWriteNeedsSwDirty: false),
        new(KernelEra.V6_11, PresentInvalidNg: true, AddressTop: 49, LocklessFolded: true, PudBadTestsType: false, MkWriteNeedsSwDirty: false),
        new(KernelEra.V6_12, PresentInvalidNg: true, AddressTop: 49, LocklessFolded: true, PudBadTestsType: true, MkWriteNeedsSwDirty: true),
    ];

    /// <summary>The eras in which the arm64 helpers change.</summary>
    public static IReadOnlyList<KernelEra> Eras { get; } = [.. FormsByEra.Select(f => f.Era)];

    private readonly Forms forms;
    private readonly ulong addressLow;
    private readonly ulong addressHigh;
    private readonly int addressHighShift;
    private readonly ulong maybeShared;
    private readonly ulong[] protectionMap;

    /// <summary>The helpers of <paramref name="config"/> as the newest arm64 helper era at or before <paramref name="era"/>
    /// has them.</summary>
    public Arm64Architecture(Arm64Config config, KernelEra era)
        : base("arm64", config.MakeGeometry(), Eras, era)
    {
        Guard.Argument(config.Since.Order <= Era.Order, nameof(era), $"{config.Name} cannot be built before {config.Since}");
        Config = config;
        forms = FormsByEra.Single(f => f.Era == Era);
        var shift = Geometry.PageShift;
        // PTE_ADDR_LOW: bits [47:PAGE_SHIFT] in 6.8, [49:PAGE_SHIFT] from 6.9; PTE_ADDR_HIGH: PA[51:48] in bits 15:12 with
        // 64K pages, PA[51:50] in bits 9:8 with LPA2 (pgtable-hwdef.h, 6.9).
        addressLow = ((1UL << (forms.AddressTop + 1 - shift)) - 1) << shift;
        (addressHigh, addressHighShift) = !config.PaBits52 ? (0UL, 0) : shift == 16 ? (0xfUL << 12, 36) : (3UL << 8, 42);
        // PTE_MAYBE_SHARED: 0 when lpa2_is_enabled() (bits 9:8 hold the address), else PTE_SHARED; 6.8 always shares.
        maybeShared = config.Lpa2Enabled ? 0 : Shared;
        protectionMap = ProtectionMap();
        HugeSizes = shift == 12 && config.Levels > 2 ? [Geometry.Leaf(Level.Pmd), Geometry.Leaf(Level.Pud)] : [Geometry.Leaf(Level.Pmd)];
        MaxPfn = new Pfn(((1UL << PhysicalAddressBits) - 1) >> shift);
    }

    /// <summary>The configuration: granule, VA bits, the CPU.</summary>
    public Arm64Config Config { get; }

    /// <summary>True from 6.11 (36639013b346): a build of 4 levels or fewer has <c>p4d_offset_lockless_folded</c>, which
    /// offsets from the real pgd pointer; before, such a build took the generic <c>p4d_offset(&amp;pgd, addr)</c>.</summary>
    public bool LocklessP4dFromRealPointer => Config.Levels > 4 || forms.LocklessFolded;

    /// <summary>PMD blocks at every granule; PUD blocks only with 4K pages (<c>pud_sect_supported()</c>).</summary>
    /// <summary>arm64 selects <c>MMU_GATHER_RCU_TABLE_FREE</c>; its TLB flush is a broadcast <c>TLBI ...IS</c>.</summary>
    public override TableFreeing TableFreeing => TableFreeing.AfterGracePeriod;

    public override IReadOnlyList<PageSize> HugeSizes { get; }

    public override Pfn MaxPfn { get; }

    /// <summary><c>PHYS_MASK_SHIFT</c>: 52 with <c>CONFIG_ARM64_PA_BITS_52</c> when the CPU can use it, else 48.</summary>
    public override int PhysicalAddressBits => Config.PaBits52 && Config.Cpu52 ? 52 : 48;

    /// <summary><c>TASK_SIZE_64 = 1 &lt;&lt; vabits_actual</c>: the CPU decides what a 52-bit build can map.</summary>
    public override ulong TaskSizeMax => 1UL << Config.VaBitsActual;

    /// <summary>arch/arm64/mm/pgd.c: a whole page for the pgd when a level is folded into it at run time
    /// (<c>pgdir_is_page_size()</c>), else <c>PTRS_PER_PGD</c>.</summary>
    public override int TableEntries(Level level) =>
        level == Level.Pgd && Config.RuntimeFolded is not null ? (int)(Geometry.PageSize / 8) : base.TableEntries(level);

    /// <summary><c>pud_offset</c> and <c>p4d_offset</c> of the levels arm64 writes itself (6.9+: they read the parent
    /// entry, <c>READ_ONCE(*p4dp)</c>, even when folded); a level folded at run time is found in the parent's page.</summary>
    public override EntryPointer Offset(IMemory memory, EntryPointer parentp, VirtualAddress addr)
    {
        var level = parentp.Level.Child();
        if (Geometry[level].Fold != FoldKind.RuntimeInParentPage)
            return base.Offset(memory, parentp, addr);
        memory.Load(parentp);
        return InParentPage(parentp, level, addr);
    }

    /// <summary>6.9–6.10: arm64's own <c>p4d_offset_lockless</c> (5 levels) and <c>pud_offset_lockless</c> (4 or more) use
    /// the pointer when the level is folded at run time and the value otherwise; a 4-level build's p4d, statically folded,
    /// still takes the generic <c>p4d_offset(&amp;pgd, addr)</c>, the copy's address. 6.11+ (36639013b346): with 4 levels or
    /// fewer <c>p4d_offset_lockless_folded</c> is <c>p4d_offset(pgdp, addr)</c>, the real pointer.</summary>
    public override EntryPointer OffsetLockless(IMemory memory, EntryPointer parentp, StackCopy parent, VirtualAddress addr)
    {
        var level = parentp.Level.Child();
        if (Geometry[level].Fold == FoldKind.RuntimeInParentPage)
            return InParentPage(parentp, level, addr);
        if (level == Level.P4d && Config.Levels <= 4 && forms.LocklessFolded)
            return parentp.As(level);
        if (level is Level.P4d or Level.Pud && !Geometry[level].IsFolded && Era.Order >= KernelEra.V6_10.Order)
            return Geometry.Pointer(level, TableAddress(parent.Value)) + Index(level, addr);
        return base.OffsetLockless(memory, parentp, parent, addr);
    }

    /// <summary><c>pgd_to_folded_p4d</c>, <c>p4d_to_folded_pud</c>: <c>PTR_ALIGN_DOWN(parentp, PAGE_SIZE) + pXd_index(addr)</c>.</summary>
    private EntryPointer InParentPage(EntryPointer parentp, Level level, VirtualAddress addr) =>
        Geometry.Pointer(level, parentp.Address & ~(Geometry.PageSize - 1)) + Index(level, addr);

    /// <summary><c>pXd_none = !pXd_val</c> at every level.</summary>
    protected override bool ArchNone(Entry e) => e.Raw == 0;

    /// <summary><c>pte_present</c>: VALID, or PROT_NONE (6.8) / <c>pte_present_invalid</c> (6.10+); <c>pmd_present</c> adds
    /// <c>PMD_PRESENT_INVALID</c> before 6.10; <c>pud_present</c> is the pte test; a real p4d or pgd is present when not none.</summary>
    protected override bool ArchPresent(Entry e) => e.Level switch
    {
        Level.Pte or Level.Pud => PtePresent(e),
        Level.Pmd => PtePresent(e) || (!forms.PresentInvalidNg && e.Has(PmdPresentInvalidV6_8)),
        _ => e.Raw != 0,
    };

    private bool PtePresent(Entry e) => forms.PresentInvalidNg
        ? e.Has(Valid) || (e.Raw & (Valid | Ng)) == Ng
        : e.Has(Valid | ProtNoneV6_8);

    /// <summary><c>pmd_bad = !pmd_table</c>; <c>pud_bad</c> the same, a constant false with 64K pages (the <c>pud_table</c>
    /// stub) until Debian 6.12 tests the type field; <c>p4d_bad</c>, <c>pgd_bad</c>: table bit clear.</summary>
    protected override bool ArchBad(Entry e) => e.Level switch
    {
        Level.Pmd => !IsTable(e),
        Level.Pud => forms.PudBadTestsType ? (e.Raw & TypeMask) != TypeTable : Geometry.PageShift != 16 && !IsTable(e),
        _ => !e.Has(TableBit),
    };

    private static bool IsTable(Entry e) => (e.Raw & TypeMask) == TypeTable;

    /// <summary><c>pmd_leaf = pmd_present &amp;&amp; !pmd_table</c>, <c>pud_leaf</c> the same (false with a folded pmd
    /// from 6.10, and with the 64K <c>pud_table</c> stub); no leaf above the pud.</summary>
    public override bool Leaf(Entry e) => e.Level switch
    {
        Level.Pmd => Present(e) && !IsTable(e),
        Level.Pud => Present(e) && !IsTable(e) && Geometry.PageShift != 16 && !(forms.PresentInvalidNg && Geometry[Level.Pmd].IsFolded),
        _ => false,
    };

    /// <summary>6.8 arch/arm64/mm/hugetlbpage.c: <c>pmd_huge = pmd_val &amp;&amp; !(pmd_val &amp; PMD_TABLE_BIT)</c>, <c>pud_huge</c>
    /// the same unless the pmd is folded; from 6.10 callers test <c>pXd_leaf</c>.</summary>
    public override bool Huge(Entry e) => forms.PresentInvalidNg ? Leaf(e) : e.Level switch
    {
        Level.Pmd => e.Raw != 0 && !e.Has(TableBit),
        Level.Pud => !Geometry[Level.Pmd].IsFolded && e.Raw != 0 && !e.Has(TableBit),
        _ => false,
    };

    public override bool Write(Entry e) => e.Has(Arm64Bits.Write);

    public override bool Young(Entry e) => e.Has(Af);

    /// <summary><c>pte_dirty = pte_sw_dirty || pte_hw_dirty</c>, hw dirty being writable (DBM) and not read-only.</summary>
    public override bool Dirty(Entry e) => e.Has(Arm64Bits.Dirty) || HwDirty(e);

    private static bool HwDirty(Entry e) => e.Has(Arm64Bits.Write) && !e.Has(Rdonly);

    /// <summary>arch/arm64/mm/hugetlbpage.c <c>huge_ptep_get</c>: the entry itself, unless it is present and
    /// contiguous (<c>PTE_CONT</c>): then it reads the size of the frame's folio from its struct page
    /// (<c>page_size(pte_page(orig_pte))</c>) and gathers young and dirty from the run, which no entry value alone
    /// decides.</summary>
    public override Entry HugePteGet(Entry leaf) => PtePresent(leaf) && leaf.Has(Cont)
        ? throw new NotSupportedException("arm64 huge_ptep_get of a contiguous entry reads its folio's size and the run's other entries")
        : base.HugePteGet(leaf);

    /// <summary><c>pte_special</c>; <c>pmd_special</c> from 6.12 (<c>ARCH_SUPPORTS_PMD_PFNMAP</c>, "mm/arm64: support large
    /// pfn mappings"); <c>pud_special</c> is include/linux/mm.h's constant false there, as arm64 has no
    /// <c>HAVE_ARCH_TRANSPARENT_HUGEPAGE_PUD</c>; before 6.12 neither exists.</summary>
    public override bool Special(Entry e) => e.Level switch
    {
        Level.Pte => e.Has(Arm64Bits.Special),
        _ when Era.Order < KernelEra.V6_12.Order => throw new NotSupportedException($"arm64 {Era} has no {e.Level.Name()}_special"),
        Level.Pmd => e.Has(Arm64Bits.Special),
        _ => false,
    };

    /// <summary><c>pte_protnone</c>: 6.8 <c>PTE_PROT_NONE</c> without VALID; 6.10+ present-invalid and neither user
    /// readable nor user executable.</summary>
    public override bool ProtNone(Entry e) => forms.PresentInvalidNg
        ? (e.Raw & (Valid | Ng)) == Ng && !e.Has(User) && e.Has(Uxn)
        : (e.Raw & (Valid | ProtNoneV6_8)) == ProtNoneV6_8;

    /// <summary><c>pte_devmap</c>, <c>pmd_devmap</c>; arm64's <c>pud_devmap</c> and <c>pgd_devmap</c> are constant 0
    /// (asm/pgtable.h 6.8–6.12: no device-mapped pud leaves).</summary>
    public override bool Devmap(Entry e) => e.Level is Level.Pte or Level.Pmd && e.Has(Arm64Bits.Devmap);

    /// <summary><c>pte_access_permitted(pte, write) = (VALID|USER) both set &amp;&amp; (!write || pte_write)</c>; the pmd and
    /// pud forms test the same bits (6.12's POE overlay allows everything on a CPU without POE).</summary>
    public override bool AccessPermitted(Entry e, bool write) => (e.Raw & (Valid | User)) == (Valid | User) && (!write || Write(e));

    public override Entry MkYoung(Entry e) => e.Set(Af);

    public override Entry MkOld(Entry e) => e.Clear(Af);

    /// <summary><c>pte_mkdirty</c>: the software dirty bit, and writable-clean becomes writable-dirty.</summary>
    public override Entry MkDirty(Entry e)
    {
        var dirty = e.Set(Arm64Bits.Dirty);
        return Write(dirty) ? dirty.Clear(Rdonly) : dirty;
    }

    public override Entry MkClean(Entry e) => e.Clear(Arm64Bits.Dirty).Set(Rdonly);

    /// <summary><c>pte_mkwrite_novma</c>: WRITE (DBM), and not read-only (Debian 6.12: only when software-dirty).</summary>
    public override Entry MkWrite(Entry e)
    {
        var writable = e.Set(Arm64Bits.Write);
        return !forms.MkWriteNeedsSwDirty || e.Has(Arm64Bits.Dirty) ? writable.Clear(Rdonly) : writable;
    }

    /// <summary><c>pte_wrprotect</c>: a hardware-dirty entry keeps its dirtiness in PTE_DIRTY, then not writable, read-only.</summary>
    public override Entry Wrprotect(Entry e) => (HwDirty(e) ? e.Set(Arm64Bits.Dirty) : e).Clear(Arm64Bits.Write).Set(Rdonly);

    /// <summary><c>pmd_mkhuge</c>, <c>pud_mkhuge</c>: clear the table bit, a block descriptor.</summary>
    public override Entry MkHuge(Entry e) => e.Clear(TableBit);

    /// <summary>arch/arm64/Kconfig selects <c>ARCH_ENABLE_THP_MIGRATION</c> in every era modelled (6.1:20, 6.12:22).</summary>
    public override bool MigratesHugePmds => true;

    /// <summary><c>pmd_mkinvalid</c>: VALID cleared and the present-invalid mark set, bit 59 (<c>PMD_PRESENT_INVALID</c>)
    /// until 6.9, nG from 6.10 (<c>pte_mkinvalid</c>'s <c>PTE_PRESENT_INVALID</c>), so <c>pmd_present</c> still holds.</summary>
    public override Entry PmdMkInvalid(Entry pmd) => pmd.Clear(Valid).Set(forms.PresentInvalidNg ? Ng : PmdPresentInvalidV6_8);

    /// <summary><c>pXd_pfn</c>: <c>__pte_to_phys</c>, cut to the leaf's size for a pmd or pud.</summary>
    public override Pfn Pfn(Entry e)
    {
        var phys = ToPhys(e.Raw);
        if (e.Level is Level.Pmd or Level.Pud)
            phys &= Geometry[e.Level].Mask;
        return Addresses.Pfn.OfPhysical(phys, Geometry.PageShift);
    }

    /// <summary><c>pfn_pXd(pfn, vm_get_page_prot(flags))</c>.</summary>
    public override Entry PfnEntry(Level level, Pfn pfn, VmFlags flags) =>
        new(level, ToDescriptor(pfn.PhysicalAddress(Geometry.PageShift)) | protectionMap[(int)flags & 0xf]);

    public override ulong TableAddress(Entry e) => ToPhys(e.Raw);

    /// <summary><c>pXd_populate</c> of a user table: <c>__phys_to_pXd_val(table) | PXD_TYPE_TABLE | PXD_TABLE_PXN</c>.</summary>
    public override Entry TableEntry(Level level, ulong table) => new(level, ToDescriptor(table) | TypeTable | TablePxn);

    /// <summary><c>__pte_to_phys</c>: the low address bits, and the high ones moved up; a 6.9+ build with LPA2 clears
    /// <c>PTE_MAYBE_SHARED</c> first, since bits 9:8 are SH when LPA2 is not enabled.</summary>
    private ulong ToPhys(ulong raw)
    {
        if (addressHighShift == 42)
            raw &= ~maybeShared;
        return (raw & addressLow) | ((raw & addressHigh) << addressHighShift);
    }

    /// <summary><c>__phys_to_pte_val</c>: <c>(phys | phys &gt;&gt; PTE_ADDR_HIGH_SHIFT) &amp; PHYS_TO_PTE_ADDR_MASK</c>.</summary>
    private ulong ToDescriptor(ulong phys) =>
        addressHighShift == 0 ? phys & addressLow : (phys | (phys >> addressHighShift)) & (addressLow | addressHigh);

    /// <summary>arch/arm64/mm/mmap.c <c>protection_map</c> (the same in 6.8–6.12) from pgtable-prot.h: private writable
    /// mappings start read-only (copy on write), shared writable ones writable-clean (RDONLY | WRITE); every user page
    /// is nG, PXN, and UXN unless executable. With LPA2 enabled <c>adjust_protection_map</c> drops PTE_SHARED.</summary>
    private ulong[] ProtectionMap()
    {
        var normal = Valid | TableBit | Af | maybeShared;
        var none = (normal & ~Valid) | (forms.PresentInvalidNg ? Ng : ProtNoneV6_8) | Rdonly | Ng | Pxn | Uxn;
        var readOnly = normal | User | Rdonly | Ng | Pxn | Uxn;
        var readOnlyExec = readOnly & ~Uxn;
        var shared = readOnly | Arm64Bits.Write;
        var sharedExec = shared & ~Uxn;
        return
        [
            none, readOnly, readOnly, readOnly, readOnlyExec, readOnlyExec, readOnlyExec, readOnlyExec,
            none, readOnly, shared, shared, readOnlyExec, readOnlyExec, sharedExec, sharedExec,
        ];
    }

    private sealed record Forms(KernelEra Era, bool PresentInvalidNg, int AddressTop, bool LocklessFolded, bool PudBadTestsType, bool MkWriteNeedsSwDirty);
}
