using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using static PgtableInvariants.Arch.Architectures.X86.X86Bits;

namespace PgtableInvariants.Arch.Architectures.X86;

/// <summary>x86-64, arch/x86/include/asm/pgtable*.h in the 5.8/5.9 forms (kernel-facts 5).</summary>
public sealed class X86Architecture : GenericArchitecture
{
    private static readonly ulong[] ProtectionMap =
    [
        // __P000 … __P111 (private), then __S000 … __S111 (shared): xwr.
        PageNone, PageReadonly, PageCopy, PageCopy, PageReadonlyExec, PageReadonlyExec, PageCopyExec, PageCopyExec,
        PageNone, PageReadonly, PageShared, PageShared, PageReadonlyExec, PageReadonlyExec, PageSharedExec, PageSharedExec,
    ];

    public X86Architecture(X86Paging paging)
        : base("x86-64", GeometryOf(paging))
    {
        Paging = paging;
        VirtualMaskShift = paging == X86Paging.FiveLevel ? 56 : 47;
    }

    public X86Paging Paging { get; }

    /// <summary><c>__VIRTUAL_MASK_SHIFT</c>: 56 with LA57 enabled, else 47.</summary>
    public int VirtualMaskShift { get; }

    public override IReadOnlyList<PageSize> HugeSizes { get; } = [new(Level.Pmd, 1UL << 21), new(Level.Pud, 1UL << 30)];

    public override Pfn MaxPfn { get; } = new(PtePfnMask >> Geometry.PageShift);

    /// <summary><c>TASK_SIZE_MAX = (1 &lt;&lt; __VIRTUAL_MASK_SHIFT) - PAGE_SIZE</c>.</summary>
    public override ulong TaskSizeMax => (1UL << VirtualMaskShift) - Geometry.PageSize;

    private static Geometry GeometryOf(X86Paging paging) => paging switch
    {
        X86Paging.FourLevel => Geometry.Create((39, 512, FoldKind.None), (39, 1, FoldKind.Static), (30, 512, FoldKind.None), (21, 512, FoldKind.None), 512),
        X86Paging.FiveLevel => Geometry.Create((48, 512, FoldKind.None), (39, 512, FoldKind.None), (30, 512, FoldKind.None), (21, 512, FoldKind.None), 512),
        X86Paging.La57KernelOnFourLevelCpu => Geometry.Create((39, 512, FoldKind.None), (39, 1, FoldKind.Runtime), (30, 512, FoldKind.None), (21, 512, FoldKind.None), 512),
        _ => throw new ArgumentOutOfRangeException(nameof(paging)),
    };

    /// <summary><c>pXd_flags</c>: the bits outside the frame.</summary>
    private static ulong Flags(Entry e) => e.Raw & ~PtePfnMask;

    protected override bool ArchNone(Entry e) => e.Level == Level.Pgd ? e.Raw == 0 : (e.Raw & ~KnlErratumMask) == 0;

    protected override bool ArchPresent(Entry e) => e.Level switch
    {
        Level.Pmd => (Flags(e) & (X86Bits.Present | X86Bits.ProtNone | Pse)) != 0,
        Level.Pte => (Flags(e) & (X86Bits.Present | X86Bits.ProtNone)) != 0,
        _ => (Flags(e) & X86Bits.Present) != 0,
    };

    protected override bool ArchBad(Entry e) => e.Level switch
    {
        Level.Pgd or Level.Pmd => (Flags(e) & ~User) != KernPgTable,
        Level.P4d or Level.Pud => (Flags(e) & ~(KernPgTable | User)) != 0,
        _ => false,
    };

    /// <summary>5.8: <c>pud_large</c> needs PSE and PRESENT; <c>pmd_large</c> is PSE alone.</summary>
    public override bool Leaf(Entry e) => e.Level switch
    {
        Level.Pud => (e.Raw & (Pse | X86Bits.Present)) == (Pse | X86Bits.Present),
        Level.Pmd => (e.Raw & Pse) != 0,
        _ => false,
    };

    /// <summary>arch/x86/mm/hugetlbpage.c: <c>pud_huge = !!(pud &amp; PSE)</c>; <c>pmd_huge = !pmd_none &amp;&amp;
    /// (pmd &amp; (PRESENT|PSE)) != PRESENT</c>, true also for a non-present entry that is not none.</summary>
    public override bool Huge(Entry e) => e.Level switch
    {
        Level.Pud => (e.Raw & Pse) != 0,
        Level.Pmd => !None(e) && (e.Raw & (X86Bits.Present | Pse)) != X86Bits.Present,
        _ => false,
    };

    public override bool Write(Entry e) => e.Has(Rw);

    public override bool Young(Entry e) => e.Has(Accessed);

    public override bool Dirty(Entry e) => e.Has(X86Bits.Dirty);

    public override bool Special(Entry e) => e.Level == Level.Pte && e.Has(X86Bits.Special);

    /// <summary><c>pte_protnone</c>/<c>pmd_protnone</c>: PROTNONE without PRESENT.</summary>
    public override bool ProtNone(Entry e) =>
        e.Level is Level.Pte or Level.Pmd && (Flags(e) & (X86Bits.ProtNone | X86Bits.Present)) == X86Bits.ProtNone;

    public override bool Devmap(Entry e) => e.Has(X86Bits.Devmap);

    /// <summary><c>__pte_access_permitted</c>: PRESENT and USER, and RW for a write (pkeys not modelled).</summary>
    public override bool AccessPermitted(Entry e, bool write)
    {
        var need = X86Bits.Present | User | (write ? Rw : 0);
        return (e.Raw & need) == need;
    }

    public override Entry MkYoung(Entry e) => e.Set(Accessed);

    public override Entry MkOld(Entry e) => e.Clear(Accessed);

    public override Entry MkDirty(Entry e) => e.Set(X86Bits.Dirty);

    public override Entry MkClean(Entry e) => e.Clear(X86Bits.Dirty);

    public override Entry MkWrite(Entry e) => e.Set(Rw);

    public override Entry Wrprotect(Entry e) => e.Clear(Rw);

    public override Entry MkHuge(Entry e) => e.Set(Pse);

    /// <summary><c>pte_pfn</c>; for a PSE leaf the frame mask is <c>PMD_PAGE_MASK</c>/<c>PUD_PAGE_MASK</c>
    /// within 52 bits, so PAT_LARGE (bit 12) is not part of it.</summary>
    public override Pfn Pfn(Entry e) => Addresses.Pfn.OfPhysical(e.Raw & FrameMask(e));

    private ulong FrameMask(Entry e) =>
        e.Level is Level.Pmd or Level.Pud && (e.Raw & Pse) != 0 ? PtePfnMask & Geometry[e.Level].Mask : PtePfnMask;

    /// <summary><c>pfn_pte(pfn, vm_get_page_prot(flags))</c> and the pmd/pud forms.</summary>
    public override Entry PfnEntry(Level level, Pfn pfn, VmFlags flags) =>
        new(level, (pfn.PhysicalAddress & PtePfnMask) | ProtectionMap[(int)flags & 0xf]);

    public override ulong TableAddress(Entry e) => e.Raw & PtePfnMask;

    public override Entry TableEntry(Level level, ulong table) => new(level, table | PageTable);

    /// <summary>arch/x86/include/asm/pgtable_64.h: <c>gup_fast_permitted = !(end &gt;&gt; __VIRTUAL_MASK_SHIFT)</c>.</summary>
    public override bool GupFastPermitted(AddressSpace mm, VirtualAddress start, VirtualAddress end) =>
        end.Value >> VirtualMaskShift == 0;
}
