using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;
using static PgtableInvariants.Arch.Architectures.X86.X86Bits;

namespace PgtableInvariants.Arch.Architectures.X86;

/// <summary>x86-64 and i386 (with or without PAE), arch/x86/include/asm/pgtable*.h, in the forms of one helper era:
/// 5.8 (to 6.0), 6.1 (to 6.11) or 6.12.</summary>
/// <remarks>The helpers are the same C in all five configurations (pgtable.h and pgtable_types.h); what differs is the
/// width of the entry and what the configuration defines: i386 has <c>__PHYSICAL_MASK_SHIFT</c> 32 without PAE and 52
/// with it (page_32_types.h), <c>_PAGE_NX</c> only with PAE (pgtable_types.h), no <c>_PAGE_DEVMAP</c> (x86 selects
/// ARCH_HAS_PTE_DEVMAP only on X86_64), no inverted PROT_NONE frames without PAE (pgtable-2level.h
/// <c>protnone_mask</c> is 0), and i386_defconfig builds no THP, so no <c>pmd_special</c>.</remarks>
public sealed class X86Architecture : GenericArchitecture
{
    /// <summary>The helper forms of each era in which they change (arch/x86/include/asm/pgtable.h and pgtable_types.h of 5.8, 6.1 and 6.12); everything else is
    /// the same from 5.8 to 6.12.</summary>
    private static readonly Forms[] FormsByEra =
    [
        new(KernelEra.V5_8, Devmap: Softw4V5_8, SavedDirty: 0, PmdBadIgnores: User, PudLeafNeeds: Pse | X86Bits.Present,
            PudHuge: HugetlbForm.Pse, PmdHuge: HugetlbForm.NotNoneNorTable, SpecialLevels: [Level.Pte]),
        new(KernelEra.V6_1, Devmap: Softw4V5_8, SavedDirty: 0, PmdBadIgnores: User | Accessed, PudLeafNeeds: Pse | X86Bits.Present,
            PudHuge: HugetlbForm.NotNoneNorTable, PmdHuge: HugetlbForm.NotNoneNorTable, SpecialLevels: [Level.Pte]),
        new(KernelEra.V6_12, Devmap: Softw4V6_12, SavedDirty: SavedDirtyV6_12, PmdBadIgnores: User | Accessed, PudLeafNeeds: Pse,
            PudHuge: HugetlbForm.Leaf, PmdHuge: HugetlbForm.Leaf, SpecialLevels: [Level.Pte, Level.Pmd, Level.Pud]),
    ];

    /// <summary>The eras in which the x86-64 helpers change.</summary>
    public static IReadOnlyList<KernelEra> Eras { get; } = [.. FormsByEra.Select(f => f.Era)];

    private readonly Forms forms;

    /// <summary><c>protection_map</c>: __P000 … __P111 (private), then __S000 … __S111 (shared), xwr; without PAE
    /// <c>_PAGE_NX</c> is 0, so the non-executable protections lose it.</summary>
    private readonly ulong[] protectionMap;

    /// <summary>The 6.12 <c>_PAGE_SAVED_DIRTY</c> marker, placed per configuration by <see cref="Machine"/>.</summary>
    private const ulong SavedDirtyV6_12 = 1;

    /// <summary>The helpers of <paramref name="paging"/> as the newest x86-64 helper era at or before
    /// <paramref name="era"/> has them.</summary>
    public X86Architecture(X86Paging paging, KernelEra era)
        : base(IsI386(paging) ? "i386" : "x86-64", GeometryOf(paging), Eras, era)
    {
        Paging = paging;
        machine = Machine.Of(paging);
        var own = FormsByEra.Single(f => f.Era == Era);
        forms = own with
        {
            Devmap = machine.HasDevmap ? own.Devmap : 0,
            SavedDirty = own.SavedDirty == 0 ? 0 : machine.SavedDirty,
            SpecialLevels = machine.HasThp ? own.SpecialLevels : [Level.Pte],
        };
        VirtualMaskShift = IsI386(paging) ? 32 : paging == X86Paging.FiveLevel ? 56 : 47;
        HugeSizes = IsI386(paging) ? [Geometry.Leaf(Level.Pmd)] : [Geometry.Leaf(Level.Pmd), Geometry.Leaf(Level.Pud)];
        MaxPfn = new(Math.Min(machine.PtePfnMask >> Geometry.PageShift, machine.MaxPfn));
        protectionMap =
        [
            PageNone, PageReadonly, PageCopy, PageCopy, PageReadonlyExec, PageReadonlyExec, PageCopyExec, PageCopyExec,
            PageNone, PageReadonly, PageShared, PageShared, PageReadonlyExec, PageReadonlyExec, PageSharedExec, PageSharedExec,
        ];
        for (var i = 0; i < protectionMap.Length; i++)
            protectionMap[i] &= ~(Nx & ~machine.Nx);
    }

    private readonly Machine machine;

    private static bool IsI386(X86Paging paging) => paging is X86Paging.I386TwoLevel or X86Paging.I386Pae;

    public X86Paging Paging { get; }

    /// <summary><c>__VIRTUAL_MASK_SHIFT</c>: 56 with LA57 enabled, else 47; 32 on i386.</summary>
    public int VirtualMaskShift { get; }

    public override IReadOnlyList<PageSize> HugeSizes { get; }

    public override Pfn MaxPfn { get; }

    /// <summary><c>TASK_SIZE_MAX = (1 &lt;&lt; __VIRTUAL_MASK_SHIFT) - PAGE_SIZE</c>; on i386 <c>TASK_SIZE</c>, which is
    /// <c>__PAGE_OFFSET</c>, 0xc0000000 with the default 3G/1G split (page_32_types.h, CONFIG_VMSPLIT_3G).</summary>
    public override ulong TaskSizeMax => IsI386(Paging) ? PageOffset32 : (1UL << VirtualMaskShift) - Geometry.PageSize;

    /// <summary><c>CONFIG_PAGE_OFFSET</c> of CONFIG_VMSPLIT_3G, i386_defconfig's split.</summary>
    private const ulong PageOffset32 = 0xc000_0000;

    /// <summary>The physical addresses a pfn reaches: 52 on x86-64, 32 on i386 without PAE, and with PAE 44, "the 44 bit
    /// limit imposed by the 32bit long pfns" (page_32_types.h) although <c>__PHYSICAL_MASK_SHIFT</c> is 52.</summary>
    public override int PhysicalAddressBits => machine.PhysicalAddressBits;

    /// <summary>PAE: "all 4 top-level entries are used almost immediately in a new process's life, we just pre-populate
    /// them" (arch/x86/mm/pgtable.c 6.1:164-176), because the CPU loads the PDPTEs only with CR3.
    /// <c>UNSHARED_PTRS_PER_PGD</c> is all 4 when the kernel pmd is not shared, as with page-table isolation, which
    /// is on by default; the fourth, the kernel's, holds a copy of swapper's kernel pmd, whose mappings are not
    /// modelled.</summary>
    public override int PreallocatedPmds => Paging == X86Paging.I386Pae ? Geometry[Level.Pgd].PtrsPer : 0;

    /// <summary>i386: <c>THREAD_SIZE = PAGE_SIZE &lt;&lt; THREAD_SIZE_ORDER</c>, order 1 (page_32_types.h), 8 KiB.</summary>
    public override ulong ThreadSize => IsI386(Paging) ? 2 * Geometry.PageSize : base.ThreadSize;

    /// <summary>i386 allocates page tables from lowmem, below 4 GiB (HIGHPTE aside, which i386_defconfig leaves off).</summary>
    public override int PageTableMemoryBits => IsI386(Paging) ? 32 : base.PageTableMemoryBits;

    private static Geometry GeometryOf(X86Paging paging) => paging switch
    {
        X86Paging.FourLevel => Geometry.Create((39, 512, FoldKind.None), (39, 1, FoldKind.Static), (30, 512, FoldKind.None), (21, 512, FoldKind.None), 512, pageShift: 12),
        X86Paging.FiveLevel => Geometry.Create((48, 512, FoldKind.None), (39, 512, FoldKind.None), (30, 512, FoldKind.None), (21, 512, FoldKind.None), 512, pageShift: 12),
        X86Paging.La57KernelOnFourLevelCpu => Geometry.Create((39, 512, FoldKind.None), (39, 1, FoldKind.Runtime), (30, 512, FoldKind.None), (21, 512, FoldKind.None), 512, pageShift: 12),
        X86Paging.I386TwoLevel => Geometry.Create((22, 1024, FoldKind.None), (22, 1, FoldKind.Static), (22, 1, FoldKind.Static), (22, 1, FoldKind.Static), 1024, pageShift: 12, entrySize: 4),
        X86Paging.I386Pae => Geometry.Create((30, 4, FoldKind.None), (30, 1, FoldKind.Static), (30, 1, FoldKind.Static), (21, 512, FoldKind.None), 512, pageShift: 12),
        _ => throw new ArgumentOutOfRangeException(nameof(paging)),
    };

    /// <summary><c>pXd_flags</c>: the bits outside <c>pXd_pfn_mask</c> (pgtable_types.h 6.1:391-433), so a PSE pmd or
    /// pud's flags include PAT_LARGE and the frame bits below its size.</summary>
    private ulong Flags(Entry e) => e.Raw & ~FrameMask(e);

    protected override bool ArchNone(Entry e) => e.Level == Level.Pgd ? e.Raw == 0 : (e.Raw & ~KnlErratumMask) == 0;

    protected override bool ArchPresent(Entry e) => e.Level switch
    {
        Level.Pmd => (Flags(e) & (X86Bits.Present | X86Bits.ProtNone | Pse)) != 0,
        Level.Pte => (Flags(e) & (X86Bits.Present | X86Bits.ProtNone)) != 0,
        _ => (Flags(e) & X86Bits.Present) != 0,
    };

    /// <summary><c>pgd_bad</c> (with l5) <c>(flags &amp; ~USER) != _KERNPG_TABLE</c> and <c>p4d_bad</c> <c>flags &amp;
    /// ~(_KERNPG_TABLE|USER)</c>, both also ignoring NX under page-table isolation (pgtable.h 5.8:921-929 and 964-975,
    /// 6.1:891-899 and 934-945, 6.12:1166-1174 and 1209-1220, where the option is
    /// CONFIG_MITIGATION_PAGE_TABLE_ISOLATION): PTI sets NX in the kernel's copy of a top-level entry that maps user
    /// memory (arch/x86/mm/pti.c <c>__pti_set_user_pgtbl</c>). x86_64_defconfig has PTI (its Kconfig default is y in
    /// every era). <c>pud_bad</c> never ignores NX. <c>pmd_bad</c> is <c>pgd_bad</c>'s form without NX until 6.0, and
    /// from 6.1 (pgtable.h 6.1:817-821, 6.12:1099-1103) <c>(flags &amp; ~(USER|ACCESSED)) != (_KERNPG_TABLE &amp;
    /// ~ACCESSED)</c>: a table entry need not be young, it still must be dirty.</summary>
    protected override bool ArchBad(Entry e) => e.Level switch
    {
        Level.Pgd => (Flags(e) & ~(User | PtiIgnores)) != KernPgTable,
        Level.P4d => (Flags(e) & ~(KernPgTable | User | PtiIgnores)) != 0,
        Level.Pmd => (Flags(e) & ~forms.PmdBadIgnores) != (KernPgTable & ~forms.PmdBadIgnores),
        Level.Pud => (Flags(e) & ~(KernPgTable | User)) != 0,
        _ => false,
    };

    /// <summary>What <c>pgd_bad</c> and <c>p4d_bad</c> add to the flags they ignore with
    /// CONFIG_(MITIGATION_)PAGE_TABLE_ISOLATION=y, as the modelled x86_64_defconfig builds.</summary>
    private const ulong PtiIgnores = Nx;

    /// <summary><c>pud_leaf</c>: until 6.11 <c>pud_large</c>, PSE and PRESENT; in 6.12 (pgtable.h:1132-1136) PSE alone.
    /// <c>pmd_leaf</c> (<c>pmd_large</c> before 6.1) is PSE alone in every era. With two levels (i386 without PAE)
    /// <c>pud_large</c> is 0 (pgtable.h 6.1:861-866) and 6.12 has the generic <c>pud_leaf</c>, false: the 4 MiB leaf
    /// is the pmd's.</summary>
    public override bool Leaf(Entry e) => e.Level switch
    {
        Level.Pud => Paging != X86Paging.I386TwoLevel && (e.Raw & forms.PudLeafNeeds) == forms.PudLeafNeeds,
        Level.Pmd => (e.Raw & Pse) != 0,
        _ => false,
    };

    /// <summary>arch/x86/mm/hugetlbpage.c: <c>pmd_huge = !pmd_none &amp;&amp; (pmd &amp; (PRESENT|PSE)) != PRESENT</c>, true
    /// also for a non-present entry that is not none; <c>pud_huge</c> is <c>!!(pud &amp; PSE)</c> in 5.8 and the same
    /// form as <c>pmd_huge</c> from 6.1 (6.1 hugetlbpage.c:27-46). 6.12 has neither: its callers test
    /// <c>pXd_leaf</c>. On i386 without PAE the pud is the pgd entry: 5.8's <c>!!(pud &amp; PSE)</c> is true for its 4 MiB
    /// leaf, and 6.1 returns 0 with two levels (the fix of the x86-32 BUG that the 6.1-rc form caused, "x86-32 does not
    /// enable CONFIG_ARCH_HAS_GIGANTIC_PAGE, so pud_huge() is supposed to be false"). x86 also defines <c>pte_huge</c>, PSE in hugetlb's pte view of a huge leaf, in every era
    /// (pgtable.h 5.8:189-192, 6.1:163-166, 6.12:237-240).</summary>
    public override bool Huge(Entry e) => e.Level switch
    {
        Level.Pud => Hugetlb(forms.PudHuge, e),
        Level.Pmd => Hugetlb(forms.PmdHuge, e),
        Level.Pte => e.Has(Pse),
        _ => false,
    };

    private bool Hugetlb(HugetlbForm form, Entry e) => form switch
    {
        HugetlbForm.Pse => (e.Raw & Pse) != 0,
        // 6.1 pud_huge returns 0 when CONFIG_PGTABLE_LEVELS is 2 (arch/x86/mm/hugetlbpage.c 6.1:38-46).
        HugetlbForm.NotNoneNorTable => !(e.Level == Level.Pud && Paging == X86Paging.I386TwoLevel)
            && !None(e) && (e.Raw & (X86Bits.Present | Pse)) != X86Bits.Present,
        _ => Leaf(e),
    };

    /// <summary><c>pXd_write</c>: RW. 6.12 adds <c>|| pXd_shstk</c> (pgtable.h:212-229), false with shadow stacks off
    /// (the configuration modelled).</summary>
    public override bool Write(Entry e) => e.Has(Rw);

    public override bool Young(Entry e) => e.Has(Accessed);

    /// <summary><c>pXd_dirty</c>: DIRTY, and in 6.12 <c>_PAGE_DIRTY_BITS</c> = DIRTY|SAVED_DIRTY (pgtable.h:155-198).</summary>
    public override bool Dirty(Entry e) => (e.Raw & (X86Bits.Dirty | forms.SavedDirty)) != 0;

    /// <summary><c>pte_special</c> (bit 9) in every era; <c>pmd_special</c>/<c>pud_special</c> (the same bit,
    /// pgtable.h 6.12:349-371, ARCH_SUPPORTS_HUGE_PFNMAP with THP) only in 6.12.</summary>
    public override bool Special(Entry e) => forms.SpecialLevels.Contains(e.Level) && e.Has(X86Bits.Special);

    /// <summary>x86's <c>pte_protnone</c>/<c>pmd_protnone</c> (PROTNONE without PRESENT) exist only with
    /// CONFIG_NUMA_BALANCING, which x86_64_defconfig leaves off in every era; then include/linux/pgtable.h's
    /// "always no" answers (5.8:1229-1247, 6.1:1475-1493, 6.12:1676-1698).</summary>
    public override bool ProtNone(Entry e) => false;

    /// <summary><c>pXd_devmap</c>: <c>_PAGE_DEVMAP</c>, bit 58 until 6.11 and bit 57 in 6.12.</summary>
    public override bool Devmap(Entry e) => e.Has(forms.Devmap);

    /// <summary><c>__pte_access_permitted</c>: PRESENT and USER, and RW for a write (pkeys not modelled).</summary>
    public override bool AccessPermitted(Entry e, bool write)
    {
        var need = X86Bits.Present | User | (write ? Rw : 0);
        return (e.Raw & need) == need;
    }

    public override Entry MkYoung(Entry e) => e.Set(Accessed);

    public override Entry MkOld(Entry e) => e.Clear(Accessed);

    /// <summary><c>pXd_mkdirty</c>: DIRTY (SOFT_DIRTY is 0 here); 6.12 then <c>pXd_mksaveddirty</c> (pgtable.h:484-489),
    /// so a non-writable entry keeps the bit as SAVED_DIRTY.</summary>
    public override Entry MkDirty(Entry e) => MkSavedDirty(e.Set(X86Bits.Dirty));

    /// <summary><c>pXd_mkclean</c> clears <c>_PAGE_DIRTY_BITS</c>: DIRTY, and SAVED_DIRTY in 6.12.</summary>
    public override Entry MkClean(Entry e) => e.Clear(X86Bits.Dirty | forms.SavedDirty);

    /// <summary><c>pXd_mkwrite</c>: RW; 6.12 then <c>pXd_clear_saveddirty</c> (arch/x86/mm/pgtable.c:902-920), moving
    /// SAVED_DIRTY back to DIRTY (shadow-stack VMAs not modelled).</summary>
    public override Entry MkWrite(Entry e) => ClearSavedDirty(e.Set(Rw));

    /// <summary>6.12 <c>pte_mkwrite_novma</c>/<c>pmd_mkwrite_novma</c> (pgtable.h:503-506, 628-631) set RW alone: moving
    /// SAVED_DIRTY back to DIRTY is the VMA form's work. <c>pud_mkwrite</c> has no VMA form and does both
    /// (pgtable.h:698-703). Before 6.12 there is no SAVED_DIRTY, so every form is RW alone.</summary>
    public override Entry MkWriteNovma(Entry e) => e.Level == Level.Pud ? MkWrite(e) : e.Set(Rw);

    /// <summary><c>pXd_wrprotect</c>: clear RW; 6.12 then <c>pXd_mksaveddirty</c> (pgtable.h:440-450), so a
    /// write-protected entry is never Write=0,Dirty=1, which is a shadow-stack entry to the CPU.</summary>
    public override Entry Wrprotect(Entry e) => MkSavedDirty(e.Clear(Rw));

    /// <summary>6.12 <c>mksaveddirty_shift</c> (pgtable.h:404-412): without RW, DIRTY moves to SAVED_DIRTY. An era without
    /// SAVED_DIRTY has no such shift.</summary>
    private Entry MkSavedDirty(Entry e) =>
        forms.SavedDirty == 0 || e.Has(Rw) || !e.Has(X86Bits.Dirty) ? e : e.Clear(X86Bits.Dirty).Set(forms.SavedDirty);

    /// <summary>6.12 <c>clear_saveddirty_shift</c> (pgtable.h:414-422): with RW, SAVED_DIRTY moves back to DIRTY.</summary>
    private Entry ClearSavedDirty(Entry e) =>
        forms.SavedDirty == 0 || !e.Has(Rw) || !e.Has(forms.SavedDirty) ? e : e.Clear(forms.SavedDirty).Set(X86Bits.Dirty);

    public override Entry MkHuge(Entry e) => e.Set(Pse);

    /// <summary>PAE: 64-bit entries on a 32-bit CPU (asm/pgtable-3level.h: <c>native_set_pte</c> stores
    /// <c>pte_high</c>, <c>smp_wmb</c>, then <c>pte_low</c>).</summary>
    public override bool SplitsEntries => Paging == X86Paging.I386Pae;

    /// <summary><c>ARCH_ENABLE_THP_MIGRATION if X86_64 &amp;&amp; TRANSPARENT_HUGEPAGE</c> (arch/x86/Kconfig 6.1:70, 6.12:73;
    /// a <c>def_bool</c> on X86_64 in 5.9).</summary>
    public override bool MigratesHugePmds => !IsI386(Paging);

    /// <summary><c>pmd_mkinvalid</c>: <c>pfn_pmd(pmd_pfn(pmd), flags &amp; ~(PRESENT|PROTNONE))</c>, PSE kept, so
    /// <c>pmd_present</c> still holds; the flags now lack PRESENT, so <c>pfn_pmd</c> stores the frame inverted (L1TF)
    /// (asm/pgtable.h 6.1:602, 6.12:808).</summary>
    public override Entry PmdMkInvalid(Entry pmd)
    {
        var flags = Flags(pmd) & ~(X86Bits.Present | X86Bits.ProtNone);
        var frame = (Pfn(pmd).PhysicalAddress(Geometry.PageShift) ^ ProtnoneMask(flags)) & machine.PtePfnMask & Geometry[Level.Pmd].Mask;
        return new(Level.Pmd, frame | flags);
    }

    /// <summary><c>pXd_pfn</c>: the frame under <c>pXd_pfn_mask</c>, for a PSE leaf <c>PMD_PAGE_MASK</c>/<c>PUD_PAGE_MASK</c>
    /// within <c>__PHYSICAL_MASK</c>, so PAT_LARGE (bit 12) is not part of it. <c>pte_pfn</c>, <c>pmd_pfn</c> and
    /// <c>pud_pfn</c> first undo the L1TF inversion (pgtable.h 5.8:213-232, 6.1:187-206, 6.12:263-283); <c>p4d_pfn</c>
    /// and <c>pgd_pfn</c> do not. The result is an <c>unsigned long</c>: 32 bits on i386, so a PAE frame above 2^44
    /// loses its top bits.</summary>
    public override Pfn Pfn(Entry e)
    {
        var inverted = e.Level is Level.Pte or Level.Pmd or Level.Pud ? ProtnoneMask(e.Raw) : 0;
        return new(Addresses.Pfn.OfPhysical((e.Raw ^ inverted) & FrameMask(e), Geometry.PageShift).Value & machine.MaxPfn);
    }

    /// <summary><c>pXd_pfn_mask</c> (pgtable_types.h 6.1:391-433): a PSE pmd or pud's frame starts at its size.</summary>
    private ulong FrameMask(Entry e) =>
        e.Level is Level.Pmd or Level.Pud && (e.Raw & Pse) != 0 ? machine.PtePfnMask & Geometry[e.Level].Mask : machine.PtePfnMask;

    /// <summary>asm/pgtable-invert.h <c>protnone_mask</c> (L1TF, 2018, before every era modelled): a non-zero entry
    /// without PRESENT holds its frame bits inverted, so a speculative walk of it points at no real memory. Every
    /// bit flips; the helpers mask the frame out afterwards. i386 without PAE has no room to invert into:
    /// pgtable-2level.h's <c>protnone_mask</c> returns 0.</summary>
    private ulong ProtnoneMask(ulong value) => machine.InvertsProtnone && value != 0 && (value & X86Bits.Present) == 0 ? ~0UL : 0;

    /// <summary><c>pfn_pte(pfn, vm_get_page_prot(flags))</c> and the pmd/pud forms (pgtable.h 5.8:604-626, 6.1:578-600,
    /// 6.12:784-806): a protection without PRESENT (PAGE_NONE) inverts the frame (<c>protnone_mask</c> of the pgprot),
    /// which is then cut to <c>PTE_PFN_MASK</c> or to <c>PHYSICAL_PMD_PAGE_MASK</c>/<c>PHYSICAL_PUD_PAGE_MASK</c>.
    /// <c>check_pgprot</c> keeps every bit: the CPU modelled supports NX.</summary>
    public override Entry PfnEntry(Level level, Pfn pfn, VmFlags flags)
    {
        var prot = protectionMap[(int)flags & 0xf];
        var frameMask = level is Level.Pmd or Level.Pud ? machine.PtePfnMask & Geometry[level].Mask : machine.PtePfnMask;
        return new(level, ((pfn.PhysicalAddress(Geometry.PageShift) ^ ProtnoneMask(prot)) & frameMask) | prot);
    }

    public override ulong TableAddress(Entry e) => e.Raw & machine.PtePfnMask;

    /// <summary><c>pXd_populate</c>: <c>__pa(table) | _PAGE_TABLE</c>; with PAE, <c>pud_populate</c> (arch/x86/mm/pgtable.c
    /// 6.1:188-196, 6.12 the same) writes <c>__pa(pmd) | _PAGE_PRESENT</c> alone into what is a PDPTE, because
    /// "almost everything apart from _PAGE_PRESENT is reserved at the pmd (PDPT) level".</summary>
    public override Entry TableEntry(Level level, ulong table) =>
        new(level, table | (Paging == X86Paging.I386Pae && level == Level.Pud ? X86Bits.Present : PageTable));

    /// <summary>arch/x86/include/asm/pgtable_64.h: <c>gup_fast_permitted = !(end &gt;&gt; __VIRTUAL_MASK_SHIFT)</c>.
    /// pgtable_32.h defines none, so i386 has mm/gup.c's fallback, which permits every range.</summary>
    public override bool GupFastPermitted(Memory.IMemory memory, AddressSpace mm, VirtualAddress start, VirtualAddress end) =>
        IsI386(Paging) || end.Value >> VirtualMaskShift == 0;

    /// <summary>Which test <c>pXd_huge</c> is (arch/x86/mm/hugetlbpage.c).</summary>
    private enum HugetlbForm
    {
        /// <summary><c>!!(pXd_val &amp; _PAGE_PSE)</c>.</summary>
        Pse,

        /// <summary><c>!pXd_none(x) &amp;&amp; (pXd_val(x) &amp; (_PAGE_PRESENT|_PAGE_PSE)) != _PAGE_PRESENT</c>.</summary>
        NotNoneNorTable,

        /// <summary>No <c>pXd_huge</c> (6.12): its callers test <c>pXd_leaf</c>.</summary>
        Leaf,
    }

    /// <summary>The x86-64 helper forms of one era.</summary>
    /// <param name="Era">The first era with these forms.</param>
    /// <param name="Devmap"><c>_PAGE_DEVMAP</c> (= SOFTW4).</param>
    /// <param name="SavedDirty"><c>_PAGE_SAVED_DIRTY</c> (= SOFTW5, 6.12), or 0 in an era without it.</param>
    /// <param name="PmdBadIgnores">The flags <c>pmd_bad</c> ignores.</param>
    /// <param name="PudLeafNeeds">The flags <c>pud_leaf</c> needs.</param>
    /// <param name="PudHuge"><c>pud_huge</c>.</param>
    /// <param name="PmdHuge"><c>pmd_huge</c>.</param>
    /// <param name="SpecialLevels">The levels with a <c>pXd_special</c> that can be true.</param>
    private sealed record Forms(KernelEra Era, ulong Devmap, ulong SavedDirty, ulong PmdBadIgnores, ulong PudLeafNeeds,
        HugetlbForm PudHuge, HugetlbForm PmdHuge, Level[] SpecialLevels);

    /// <summary>What one x86 configuration defines, whatever the era.</summary>
    /// <param name="PtePfnMask"><c>PTE_PFN_MASK = PAGE_MASK &amp; __PHYSICAL_MASK</c>.</param>
    /// <param name="MaxPfn">The largest <c>unsigned long</c> pfn the entries can hold.</param>
    /// <param name="PhysicalAddressBits">The physical addresses those pfns reach.</param>
    /// <param name="Nx"><c>_PAGE_NX</c>: bit 63 with 64-bit entries, 0 without PAE.</param>
    /// <param name="InvertsProtnone">True when <c>protnone_mask</c> inverts (asm/pgtable-invert.h, 64-bit entries).</param>
    /// <param name="HasDevmap">True when x86 selects ARCH_HAS_PTE_DEVMAP (X86_64 only).</param>
    /// <param name="SavedDirty">6.12 <c>_PAGE_SAVED_DIRTY</c>: SOFTW5 (bit 58) on x86-64, SOFTW2 (bit 10) on i386,
    /// "shared with _PAGE_BIT_UFFD_WP which is not supported on 32 bit" (pgtable_types.h 6.12:38-45).</param>
    /// <param name="HasThp">True when the configuration builds THP (x86_64_defconfig does, i386_defconfig does not),
    /// which 6.12's <c>pmd_special</c>/<c>pud_special</c> need.</param>
    private sealed record Machine(ulong PtePfnMask, ulong MaxPfn, int PhysicalAddressBits, ulong Nx, bool InvertsProtnone,
        bool HasDevmap, ulong SavedDirty, bool HasThp)
    {
        private static readonly Machine X86_64 = new(X86Bits.PtePfnMask, X86Bits.PtePfnMask >> 12, 52, X86Bits.Nx, true, true, Softw5V6_12, true);

        public static Machine Of(X86Paging paging) => paging switch
        {
            X86Paging.I386TwoLevel => new(PtePfnMask32, uint.MaxValue >> 12, 32, 0, false, false, Softw2, false),
            X86Paging.I386Pae => new(X86Bits.PtePfnMask, uint.MaxValue, 44, X86Bits.Nx, true, false, Softw2, false),
            _ => X86_64,
        };
    }
}
