using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;
using static PgtableInvariants.Arch.Architectures.Nop.RiscvBits;

namespace PgtableInvariants.Arch.Architectures.Nop;

/// <summary>The generic models: 2, 3 or 4 real levels, the others statically folded by the nop headers, with
/// RISC-V's 5.8 entry helpers (arch/riscv/include/asm/pgtable*.h).</summary>
public sealed class NopArchitecture : GenericArchitecture
{
    private static readonly ulong[] ProtectionMap =
    [
        // __P000 … __P111, __S000 … __S111 (xwr); PAGE_COPY is PAGE_READ, PAGE_SHARED is PAGE_WRITE.
        PageNone, PageRead, PageRead, PageRead, PageExec, PageReadExec, PageExec, PageReadExec,
        PageNone, PageRead, PageWrite, PageWrite, PageExec, PageReadExec, PageWriteExec, PageWriteExec,
    ];

    /// <summary>The generic helpers do not change in the eras modelled: every era has v5.8's.</summary>
    public static IReadOnlyList<KernelEra> Eras { get; } = [KernelEra.V5_8];

    public NopArchitecture(NopLevels levels)
        : base("generic", GeometryOf(levels), Eras, KernelEra.V5_8)
    {
        Levels = levels;
        HugeSizes = levels switch
        {
            NopLevels.Three => [Geometry.Leaf(Level.Pmd)],
            NopLevels.Four => [Geometry.Leaf(Level.Pmd), Geometry.Leaf(Level.Pud)],
            _ => [],
        };
        var top = Geometry[Level.Pgd];
        TaskSizeMax = 1UL << (top.Shift + System.Numerics.BitOperations.Log2((uint)top.PtrsPer));
    }

    public NopLevels Levels { get; }

    public override IReadOnlyList<PageSize> HugeSizes { get; }

    public override Pfn MaxPfn { get; } = new((1UL << PpnBits) - 1);

    /// <summary>The reach of the top table: 2^32, 2^39 or 2^48.</summary>
    public override ulong TaskSizeMax { get; }

    private static Geometry GeometryOf(NopLevels levels) => levels switch
    {
        NopLevels.Two => Geometry.Create((22, 1024, FoldKind.None), (22, 1, FoldKind.Static), (22, 1, FoldKind.Static), (22, 1, FoldKind.Static), 1024, pageShift: 12),
        NopLevels.Three => Geometry.Create((30, 512, FoldKind.None), (30, 1, FoldKind.Static), (30, 1, FoldKind.Static), (21, 512, FoldKind.None), 512, pageShift: 12),
        NopLevels.Four => Geometry.Create((39, 512, FoldKind.None), (39, 1, FoldKind.Static), (30, 512, FoldKind.None), (21, 512, FoldKind.None), 512, pageShift: 12),
        _ => throw new ArgumentOutOfRangeException(nameof(levels)),
    };

    /// <summary><c>pXd_none = (val == 0)</c>.</summary>
    protected override bool ArchNone(Entry e) => e.Raw == 0;

    /// <summary><c>pmd_present</c>/<c>pte_present</c> accept PROT_NONE; the upper levels need PRESENT.</summary>
    protected override bool ArchPresent(Entry e) =>
        e.Has(e.Level is Level.Pmd or Level.Pte ? RiscvBits.Present | RiscvBits.ProtNone : RiscvBits.Present);

    /// <summary>5.8: <c>pXd_bad = !pXd_present</c> (a leaf is not bad in this era).</summary>
    protected override bool ArchBad(Entry e) => e.Level != Level.Pte && !ArchPresent(e);

    /// <summary><c>pXd_leaf = present &amp;&amp; (val &amp; _PAGE_LEAF)</c>.</summary>
    public override bool Leaf(Entry e) => e.Level is Level.Pmd or Level.Pud && ArchPresent(e) && e.Has(RiscvBits.Leaf);

    public override bool Write(Entry e) => e.Has(RiscvBits.Write);

    public override bool Young(Entry e) => e.Has(Accessed);

    public override bool Dirty(Entry e) => e.Has(RiscvBits.Dirty);

    public override bool Special(Entry e) => e.Level == Level.Pte && e.Has(RiscvBits.Special);

    /// <summary><c>pte_protnone</c>: PROT_NONE without PRESENT.</summary>
    public override bool ProtNone(Entry e) =>
        e.Level is Level.Pte or Level.Pmd && (e.Raw & (RiscvBits.Present | RiscvBits.ProtNone)) == RiscvBits.ProtNone;

    /// <summary>riscv 5.8 has no THP: only the pte helpers exist (huge leaves are hugetlb, built through the pte
    /// view), so debug_vm_pgtable's pmd and pud groups do not apply.</summary>
    public override bool HasLeafHelpers(Level level) => level == Level.Pte;

    public override Entry MkYoung(Entry e) => e.Set(Accessed);

    public override Entry MkOld(Entry e) => e.Clear(Accessed);

    public override Entry MkDirty(Entry e) => e.Set(RiscvBits.Dirty);

    public override Entry MkClean(Entry e) => e.Clear(RiscvBits.Dirty);

    public override Entry MkWrite(Entry e) => e.Set(RiscvBits.Write);

    public override Entry Wrprotect(Entry e) => e.Clear(RiscvBits.Write);

    /// <summary><c>pte_mkhuge</c> returns its argument: R/W/X already make the entry a leaf.</summary>
    public override Entry MkHuge(Entry e) => e;

    public override Pfn Pfn(Entry e) => new((e.Raw >> PfnShift) & MaxPfn.Value);

    public override Entry PfnEntry(Level level, Pfn pfn, VmFlags flags) =>
        new(level, (pfn.Value << PfnShift) | ProtectionMap[(int)flags & 0xf]);

    public override ulong TableAddress(Entry e) => Pfn(e).PhysicalAddress(Geometry.PageShift);

    /// <summary><c>pmd_populate</c>: <c>__pmd((pfn &lt;&lt; _PAGE_PFN_SHIFT) | _PAGE_TABLE)</c>, likewise above.</summary>
    public override Entry TableEntry(Level level, ulong table) =>
        new(level, (Addresses.Pfn.OfPhysical(table, Geometry.PageShift).Value << PfnShift) | Table);
}
