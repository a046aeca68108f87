using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;
using static PgtableInvariants.Arch.Architectures.Riscv.RiscvPteBits;

using PgtableInvariants.Arch.OtherCpus;

namespace PgtableInvariants.Arch.Architectures.Riscv;

/// <summary>riscv64, arch/riscv/include/asm/pgtable*.h and pgalloc.h, of a kernel built with
/// <c>CONFIG_PGTABLE_LEVELS=5</c> and booted in one <see cref="RiscvSatpMode"/>, in the forms of one helper era: 5.18
/// (Sv57 support, d10efa21a937: <c>P4D_SHIFT</c> a constant 39), 6.0 (a 6.0.1 tree: the pfn under <c>_PAGE_PFN_MASK</c>,
/// <c>pud_pfn</c> under <c>PUD_MASK</c>, <c>P4D_SHIFT</c> still 39), 6.1 (Debian 6.1.192: 71fc3621efc3 makes
/// <c>P4D_SHIFT</c> follow the mode, <c>_PAGE_PFN_MASK</c>, 6569fc12e442's readable <c>PAGE_COPY_EXEC</c>) or 6.12
/// (Debian 6.12.117: <c>_PAGE_DEVMAP</c>, fast GUP).</summary>
/// <remarks>
/// <para>The folding is riscv's own, not the nop headers': <c>PTRS_PER_P4D</c> and <c>PTRS_PER_PUD</c> stay 512 in
/// every mode, <c>p4d_offset</c>/<c>pud_offset</c> return their argument re-typed when <c>pgtable_l5_enabled</c> /
/// <c>pgtable_l4_enabled</c> is false (pgtable-64.h; 6.12 out of line in mm/pgtable.c, reading the parent only when
/// the level is real), <c>pgd_none/bad/present</c> and <c>p4d_none/bad/present</c> are 0/0/1 under the same flags, and
/// <c>pgd_populate</c>/<c>p4d_populate</c>/<c>pgd_clear</c>/<c>p4d_clear</c> do nothing. A folded level is
/// <see cref="FoldKind.Runtime"/>: its <c>pXd_addr_end</c> is the generic formula with the level's run-time SIZE.</para>
/// <para>The configuration modelled is a Debian-style one: THP (so <c>pmd_present</c> counts a leaf without V) and
/// NUMA balancing (<c>pte_protnone</c>), on a CPU without Svpbmt, Svnapot or Svadu (so no memory-type bits, no NAPOT
/// pfn adjustment in <c>pte_pfn</c>, and the fault path sets A and D).</para>
/// </remarks>
public sealed class RiscvArchitecture : GenericArchitecture
{
    private static readonly Forms[] FormsByEra =
    [
        new(KernelEra.V5_18, Sv39P4dShift: 39, PfnMasked: false, CopyExecReadable: false, Devmap: 0, GupFast: false, RcuTableFree: false, NapotHugetlb: false, PudWrite: false),
        new(KernelEra.V6_0, Sv39P4dShift: 39, PfnMasked: true, CopyExecReadable: false, Devmap: 0, GupFast: false, RcuTableFree: false, NapotHugetlb: false, PudWrite: false),
        new(KernelEra.V6_1, Sv39P4dShift: 30, PfnMasked: true, CopyExecReadable: true, Devmap: 0, GupFast: false, RcuTableFree: false, NapotHugetlb: false, PudWrite: false),
        new(KernelEra.V6_12, Sv39P4dShift: 30, PfnMasked: true, CopyExecReadable: true, Devmap: DevmapV6_12, GupFast: true, RcuTableFree: true, NapotHugetlb: true, PudWrite: true),
    ];

    /// <summary>The eras in which the riscv helpers change.</summary>
    public static IReadOnlyList<KernelEra> Eras { get; } = [.. FormsByEra.Select(f => f.Era)];

    private readonly Forms forms;
    private readonly ulong[] protectionMap;

    /// <summary>The helpers of a kernel booted in <paramref name="mode"/> as the newest riscv helper era at or before
    /// <paramref name="era"/> has them.</summary>
    public RiscvArchitecture(RiscvSatpMode mode, KernelEra era)
        : base("riscv64", GeometryOf(mode, FormsOf(era).Sv39P4dShift), Eras, era)
    {
        Mode = mode;
        forms = FormsOf(era);
        protectionMap = ProtectionMap(forms.CopyExecReadable);
        HugeSizes = [Geometry.Leaf(Level.Pmd), Geometry.Leaf(Level.Pud)];
    }

    private static Forms FormsOf(KernelEra era)
    {
        var own = era.NewestOf(Eras);
        Guard.Argument(own is not null, nameof(era), $"{era} is older than riscv's first helper era {Eras[0]}");
        return FormsByEra.Single(f => f.Era == own);
    }

    /// <summary>The <c>satp</c> mode the kernel booted in.</summary>
    public RiscvSatpMode Mode { get; }

    /// <summary>Hardware levels: 3, 4 or 5.</summary>
    public int Levels => (int)Mode;

    /// <summary>arch/riscv/mm/hugetlbpage.c <c>arch_hugetlb_valid_size</c>: <c>PMD_SIZE</c>, and <c>PUD_SIZE</c> on 64-bit
    /// (a 1 GiB leaf sits in the pgd when the pud is folded, the Sv39 gigapage). THP maps at the pmd.</summary>
    public override IReadOnlyList<PageSize> HugeSizes { get; }

    /// <summary>44 PPN bits (bits 53:10).</summary>
    public override Pfn MaxPfn { get; } = new((1UL << 44) - 1);

    /// <summary>A PPN of 44 bits reaches 56-bit physical addresses.</summary>
    public override int PhysicalAddressBits => 56;

    /// <summary><c>TASK_SIZE_64 = PGDIR_SIZE * PTRS_PER_PGD / 2</c> (pgtable.h): 256 GiB in Sv39, 128 TiB in Sv48, 64 PiB in
    /// Sv57 (a 64-bit task; 6.12 caps only the default mmap window at Sv48).</summary>
    public override ulong TaskSizeMax => 1UL << (Geometry[Level.Pgd].Shift + 8);

    /// <summary>riscv selects HAVE_FAST_GUP only from 6.8 (3f910b7a522e 'riscv: enable HAVE_FAST_GUP if MMU'); 6.1 compiles
    /// gup_fast out (mm/gup.c 6.1 without CONFIG_HAVE_FAST_GUP). 6.12 has <c>select HAVE_GUP_FAST if MMU</c>.</summary>
    public override bool HasGupFast => forms.GupFast;

    /// <summary><c>MMU_GATHER_RCU_TABLE_FREE if SMP &amp;&amp; MMU</c> came with <c>HAVE_FAST_GUP</c> in 6.9; before, tables
    /// were freed after the SBI remote fence of <c>flush_tlb_mm</c>, which waits for nobody.</summary>
    public override TableFreeing TableFreeing => forms.RcuTableFree ? TableFreeing.AfterGracePeriod : TableFreeing.AfterBroadcastFlush;

    /// <summary>include/asm/pgtable-64.h: <c>PGDIR_SHIFT</c> is 48, 39 or 30 as the mode has 5, 4 or 3 levels;
    /// <c>P4D_SHIFT</c> is 39 with 4 or 5 levels and, once 71fc3621efc3 'riscv: Fix P4D_SHIFT definition for 3-level page
    /// table mode' made it run-time like <c>PGDIR_SHIFT</c>, 30 in Sv39 (before: the constant 39 in every mode);
    /// <c>PUD_SHIFT</c> 30, <c>PMD_SHIFT</c> 21; every <c>PTRS_PER</c> is <c>PAGE_SIZE / 8</c> = 512, folded or not.</summary>
    /// <remarks>What else the pre-fix constant touches (<c>p4d_index</c>, <c>p4d_addr_end</c>, <c>P4D_MASK</c>): <c>p4d_index</c> is
    /// used only inside <c>p4d_offset</c> under <c>pgtable_l5_enabled</c>; <c>p4d_addr_end</c> with a 512 GiB step returns the
    /// end of the enclosing 1 GiB pgd step, so the p4d loop of mm/pagewalk.c still runs once; riscv had no gup_fast in that
    /// era; the stand-alone uses of <c>P4D_MASK</c> in generic mm (<c>free_pud_range</c>, MGLRU's <c>walk_pud_range</c>) lie
    /// outside the walkers modelled. So the walkers see nothing: only the geometry shows the bug.</remarks>
    private static Geometry GeometryOf(RiscvSatpMode mode, int sv39P4dShift) => mode switch
    {
        RiscvSatpMode.Sv39 => Geometry.Create((30, 512, FoldKind.None), (sv39P4dShift, 512, FoldKind.Runtime), (30, 512, FoldKind.Runtime), (21, 512, FoldKind.None), 512, pageShift: 12),
        RiscvSatpMode.Sv48 => Geometry.Create((39, 512, FoldKind.None), (39, 512, FoldKind.Runtime), (30, 512, FoldKind.None), (21, 512, FoldKind.None), 512, pageShift: 12),
        _ => Geometry.Create((48, 512, FoldKind.None), (39, 512, FoldKind.None), (30, 512, FoldKind.None), (21, 512, FoldKind.None), 512, pageShift: 12),
    };

    /// <summary><c>pXd_none = !pXd_val</c> at every level (pgd and p4d only when real).</summary>
    protected override bool ArchNone(Entry e) => e.Raw == 0;

    /// <summary><c>pte_present</c>: V or PROT_NONE; <c>pmd_present</c> (with THP) also a leaf whose V was cleared by
    /// <c>pmd_mkinvalid</c>; <c>pud_present</c>, <c>p4d_present</c>, <c>pgd_present</c>: V alone.</summary>
    protected override bool ArchPresent(Entry e) => e.Level switch
    {
        Level.Pte => (e.Raw & (RiscvPteBits.Present | RiscvPteBits.ProtNone)) != 0,
        Level.Pmd => (e.Raw & (RiscvPteBits.Present | RiscvPteBits.ProtNone | RiscvPteBits.Leaf)) != 0,
        _ => e.Has(RiscvPteBits.Present),
    };

    /// <summary><c>pmd_bad = !pmd_present || (val &amp; _PAGE_LEAF)</c>; <c>pud_bad</c>, <c>p4d_bad</c>, <c>pgd_bad</c> are
    /// <c>!pXd_present</c> only, so a leaf there is not bad.</summary>
    protected override bool ArchBad(Entry e) => e.Level switch
    {
        Level.Pmd => !ArchPresent(e) || (e.Raw & RiscvPteBits.Leaf) != 0,
        Level.Pte => false,
        _ => !ArchPresent(e),
    };

    /// <summary><c>pmd_leaf</c>, <c>pud_leaf</c>: present and any of R, W, X; riscv defines no <c>p4d_leaf</c> or
    /// <c>pgd_leaf</c> (the generic false), though the hardware takes a leaf at any level.</summary>
    public override bool Leaf(Entry e) => e.Level is Level.Pmd or Level.Pud && Present(e) && (e.Raw & RiscvPteBits.Leaf) != 0;

    /// <summary>Leaf helpers for ptes and pmds (THP); a pud leaf is hugetlb's alone, as riscv selects no
    /// HAVE_ARCH_TRANSPARENT_HUGEPAGE_PUD, so debug_vm_pgtable's pud group is compiled out (its <c>pud_bad(pud_mkhuge)</c>
    /// would fail: riscv's <c>pud_bad</c> is <c>!pud_present</c>).</summary>
    public override bool HasLeafHelpers(Level level) => level is Level.Pte or Level.Pmd;

    /// <summary>riscv's own <c>pte_huge</c> (pgtable.h in every era modelled: 5.18, 6.1:315-318, 6.12:378-381) is
    /// <c>pte_present &amp;&amp; (val &amp; _PAGE_LEAF)</c>: any present pte with R, W or X, a base page's included, since a
    /// leaf at any level carries them. <c>pmd_huge</c>/<c>pud_huge</c> (arch/riscv/mm/hugetlbpage.c until 6.10 removed
    /// them) are <c>pmd_leaf</c>/<c>pud_leaf</c>.</summary>
    public override bool Huge(Entry e) =>
        e.Level == Level.Pte ? Present(e) && (e.Raw & RiscvPteBits.Leaf) != 0 : Leaf(e);

    /// <summary><c>pte_write</c>, <c>pmd_write</c>, and in 6.12 <c>pud_write</c> (pgtable.h 6.12:700-704): W. Before, riscv
    /// defines no <c>pud_write</c> and include/linux/pgtable.h's is a <c>BUG()</c> (6.1:1306-1312), which
    /// <c>pud_access_permitted(pud, 1)</c> reaches for a present pud.</summary>
    /// <exception cref="BugFallbackException"><c>pud_write</c> before 6.12.</exception>
    public override bool Write(Entry e) => e.Level == Level.Pud && !forms.PudWrite
        ? throw new BugFallbackException($"riscv64 {Era} has no pud_write: the generic one is BUG()")
        : e.Has(RiscvPteBits.Write);

    public override bool Young(Entry e) => e.Has(Accessed);

    public override bool Dirty(Entry e) => e.Has(RiscvPteBits.Dirty);

    /// <summary><c>pte_special</c>; riscv has no <c>pmd_special</c>/<c>pud_special</c> in these eras.</summary>
    public override bool Special(Entry e) => e.Level == Level.Pte && e.Has(RiscvPteBits.Special);

    /// <summary><c>pte_protnone</c>, <c>pmd_protnone</c> (via <c>pmd_pte</c>): PROT_NONE without V.</summary>
    public override bool ProtNone(Entry e) => e.Level is Level.Pte or Level.Pmd && (e.Raw & (RiscvPteBits.Present | RiscvPteBits.ProtNone)) == RiscvPteBits.ProtNone;

    /// <summary>6.12 <c>pte_devmap</c> and <c>pmd_devmap</c> (pgtable-64.h: <c>pud_devmap</c> is 0).</summary>
    public override bool Devmap(Entry e) => e.Level is Level.Pte or Level.Pmd && forms.Devmap != 0 && e.Has(forms.Devmap);

    public override Entry MkYoung(Entry e) => e.Set(Accessed);

    public override Entry MkOld(Entry e) => e.Clear(Accessed);

    public override Entry MkDirty(Entry e) => e.Set(RiscvPteBits.Dirty);

    public override Entry MkClean(Entry e) => e.Clear(RiscvPteBits.Dirty);

    /// <summary><c>pte_mkwrite</c> (6.12 <c>pte_mkwrite_novma</c>): W alone, R is not added.</summary>
    public override Entry MkWrite(Entry e) => e.Set(RiscvPteBits.Write);

    public override Entry Wrprotect(Entry e) => e.Clear(RiscvPteBits.Write);

    /// <summary><c>pmd_mkhuge</c>, <c>pte_mkhuge</c>: the identity; a pmd or pud is a leaf by its R, W, X.</summary>
    public override Entry MkHuge(Entry e) => e;

    /// <summary>arch/riscv/Kconfig selects <c>ARCH_ENABLE_THP_MIGRATION</c> in 6.1 (88), 6.8 and 6.12 (25); the earlier
    /// eras are not claimed.</summary>
    public override bool MigratesHugePmds => Era.Order >= KernelEra.V6_1.Order;

    /// <summary><c>pmd_mkinvalid</c>: PRESENT and PROT_NONE cleared; the R, W, X bits keep it <c>pmd_present</c> and a
    /// leaf.</summary>
    public override Entry PmdMkInvalid(Entry pmd) => pmd.Clear(RiscvPteBits.Present | RiscvPteBits.ProtNone);

    /// <summary><c>pte_pfn</c>: <c>val &gt;&gt; _PAGE_PFN_SHIFT</c> in 5.18 (bits 63:54 would reach the pfn),
    /// <c>__page_val_to_pfn</c> under <c>_PAGE_PFN_MASK</c> from 6.0; <c>pmd_pfn</c> cut to <c>PMD_MASK</c> in every era,
    /// <c>pud_pfn</c> cut to <c>PUD_MASK</c> from 6.0 (5.18 has none: a pud leaf is read through its pte view).</summary>
    public override Pfn Pfn(Entry e)
    {
        var pfn = PageValToPfn(e.Raw);
        if (e.Level == Level.Pmd || (e.Level == Level.Pud && forms.PfnMasked))
            pfn = ((pfn << Geometry.PageShift) & Geometry[e.Level].Mask) >> Geometry.PageShift;
        return new Pfn(pfn);
    }

    private ulong PageValToPfn(ulong raw) => (forms.PfnMasked ? raw & PfnMask : raw) >> PfnShift;

    /// <summary><c>pfn_pXd(pfn, vm_get_page_prot(flags)) = (pfn &lt;&lt; _PAGE_PFN_SHIFT) | prot</c>.</summary>
    public override Entry PfnEntry(Level level, Pfn pfn, VmFlags flags) => new(level, (pfn.Value << PfnShift) | protectionMap[(int)flags & 0xf]);

    /// <summary><c>huge_ptep_get</c>: the slot's value, as the generic one reads it before riscv's 'riscv: mm: support Svnapot
    /// in hugetlb page' (Debian 6.1.192 has the generic one); from then riscv's own (arch/riscv/mm/hugetlbpage.c 6.12:6-28) returns a present pte without <c>_PAGE_NAPOT</c>
    /// (bit 63) unchanged, but for one with it ORs in the D and A of every pte of its NAPOT run, read from the slots after
    /// the one given (whether or not the CPU has Svnapot: the test is the bit), which a lone value does not have.</summary>
    /// <exception cref="NotSupportedException">A present value with <c>_PAGE_NAPOT</c> in an era that reads its run.</exception>
    public override Entry HugePteGet(Entry leaf)
    {
        var pte = leaf.As(Level.Pte);
        return forms.NapotHugetlb && Present(pte) && pte.Has(Napot)
            ? throw new NotSupportedException("riscv huge_ptep_get of a NAPOT pte reads the rest of its run")
            : pte;
    }

    /// <summary><c>pXd_pgtable</c> / <c>pmd_page_vaddr</c>: <c>pfn_to_virt</c> of the entry's unmasked pfn.</summary>
    public override ulong TableAddress(Entry e) => PageValToPfn(e.Raw) << Geometry.PageShift;

    /// <summary>include/asm/pgalloc.h <c>pXd_populate</c>: <c>(pfn &lt;&lt; _PAGE_PFN_SHIFT) | _PAGE_TABLE</c>.</summary>
    public override Entry TableEntry(Level level, ulong table) => new(level, ((table >> Geometry.PageShift) << PfnShift) | Table);

    /// <summary>The <c>protection_map</c> (5.18 <c>__P000…__S111</c> in pgtable.h; 6.1 and 6.12 arch/riscv/mm/init.c):
    /// private writable mappings start as <c>PAGE_COPY</c> = <c>PAGE_READ</c>; <c>PAGE_COPY_EXEC</c> is X alone in 5.18 and 6.0, and
    /// <c>PAGE_READ_EXEC</c> from 6569fc12e442 'riscv: mm: Ensure prot of VM_WRITE and VM_EXEC must be readable' (Debian
    /// 6.1.192 has it). No user protection has W without R.</summary>
    private static ulong[] ProtectionMap(bool copyExecReadable)
    {
        var copyExec = copyExecReadable ? PageReadExec : PageExec;
        return
        [
            PageNone, PageRead, PageRead, PageRead, PageExec, PageReadExec, copyExec, PageReadExec,
            PageNone, PageRead, PageWrite, PageWrite, PageExec, PageReadExec, PageWriteExec, PageWriteExec,
        ];
    }

    /// <summary>The riscv helper forms of one era.</summary>
    /// <param name="Era">The first era with these forms.</param>
    /// <param name="Sv39P4dShift"><c>P4D_SHIFT</c> in Sv39: 39 before 71fc3621efc3, 30 after.</param>
    /// <param name="PfnMasked">True when the pfn is taken under <c>_PAGE_PFN_MASK</c>.</param>
    /// <param name="CopyExecReadable">True when <c>PAGE_COPY_EXEC</c> is <c>PAGE_READ_EXEC</c>.</param>
    /// <param name="Devmap"><c>_PAGE_DEVMAP</c>, or 0 in an era without it.</param>
    /// <param name="GupFast">True when the era builds gup_fast for riscv.</param>
    /// <param name="RcuTableFree">True when riscv selects <c>MMU_GATHER_RCU_TABLE_FREE</c> (6.9, with gup_fast).</param>
    /// <param name="NapotHugetlb">True when <c>huge_ptep_get</c> is riscv's own, gathering A and D over a NAPOT run.</param>
    /// <param name="PudWrite">True when riscv defines <c>pud_write</c>.</param>
    private sealed record Forms(KernelEra Era, int Sv39P4dShift, bool PfnMasked, bool CopyExecReadable, ulong Devmap, bool GupFast, bool RcuTableFree, bool NapotHugetlb, bool PudWrite);
}
