using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers.PageWalk;

namespace PgtableInvariants.Walkers.GupFast;

/// <summary>mm/gup.c's fast path in one kernel era, as data: what it tests where, how it offsets and bounds each level,
/// what it re-checks, and its names (mm/gup.c of 5.8, d3f7b1bb2040 in 5.9, 70cbc3cc78a9 in 6.1, the gup_fast_* renames of 6.12). The walker runs any of them; nothing in it asks
/// which era it is.</summary>
/// <param name="Name">The walker's stable name.</param>
/// <param name="Era">The era whose code it is.</param>
/// <param name="Offset">How each level reaches the next table.</param>
/// <param name="AddrEnd">Which <c>pXd_addr_end</c> bounds each loop.</param>
/// <param name="ForcedWrite">The entry points whose fast part adds <c>FOLL_WRITE</c>.</param>
/// <param name="RangeChecks">The entry point's checks of the range, in order.</param>
/// <param name="Names">The era's function and helper names.</param>
/// <param name="PgdLeaf">The test that takes a pgd as a huge leaf.</param>
/// <param name="P4dStop">The test that stops at a p4d.</param>
/// <param name="PudLeaf">The test that takes a pud as a huge leaf.</param>
/// <param name="PmdLeaf">The test that takes a pmd as a huge leaf.</param>
/// <param name="LeafRefusals">What refuses a huge leaf, in order.</param>
/// <param name="PteMap">The form of <c>pte_offset_map(&amp;pmd, addr)</c>.</param>
/// <param name="PteRechecks">What the pte loop re-reads after the grab, in order: the pte, or the pmd through its real
/// pointer and then the pte.</param>
public sealed record GupFastShape(
    string Name,
    KernelEra Era,
    GupOffset Offset,
    AddrEndKind AddrEnd,
    IReadOnlyList<GupCall> ForcedWrite,
    IReadOnlyList<GupRangeCheck> RangeChecks,
    GupVocabulary Names,
    EntryTest PgdLeaf,
    EntryTest P4dStop,
    EntryTest PudLeaf,
    EntryTest PmdLeaf,
    IReadOnlyList<EntryTest> LeafRefusals,
    PteMap PteMap,
    IReadOnlyList<Level> PteRechecks)
{
    /// <summary>True when the huge-leaf functions re-read the entry through its pointer after taking the references
    /// (<c>pmd_val(orig) != pmd_val(*pmdp)</c> in <c>gup_huge_pmd</c>, <c>gup_fast_pmd_leaf</c>): every era of the generic
    /// fast path does; without it, the shape is a mutant.</summary>
    public bool LeafRecheck { get; init; } = true;

    /// <summary>True when the pte loop reads a pte that the CPU loads in halves (x86 PAE) low, high and low again until
    /// the low half holds (<c>gup_get_pte</c>, <c>ptep_get_lockless</c>): every era does; without it, high then low once,
    /// the shape is a mutant that can assemble a pte from two different values.</summary>
    public bool PteHalvesLowHighLow { get; init; } = true;

    /// <summary>True when the pmd is read low, high and low again until the low half holds, where the CPU loads it in
    /// halves (x86 PAE: <c>pmdp_get_lockless</c>, 1180e732c985 "mm/gup: Fix the lockless PMD access", 6.2); before,
    /// <c>READ_ONCE(*pmdp)</c>, two loads that gcc 12 makes for i386 high half first, then low half, once.</summary>
    public bool PmdHalvesLowHighLow { get; init; }

    /// <summary>True when a failed re-check drops the references just taken (<c>put_compound_head</c>, from 6.0
    /// <c>gup_put_folio</c>): every era does; without it, the shape is a mutant that leaks them.</summary>
    public bool PutsOnFailedRecheck { get; init; } = true;

    /// <summary>True when a grab of references takes <c>rcu_read_lock()</c> around the count's update
    /// (<c>page_ref_add_unless</c>, bd225530a4c7 in 6.10: a hugetlb vmemmap page may be remapped under it).</summary>
    public bool GrabsUnderRcu { get; init; }

    /// <summary>5.2–5.8: values passed down, each level offsets from the address of its on-stack copy
    /// (<c>pud_offset(&amp;p4d, addr)</c>); <c>get_user_pages_fast</c> adds <c>FOLL_WRITE</c> (17839856fd58).</summary>
    public static GupFastShape V5_8 { get; } = new("gup-fast/v5.8", KernelEra.V5_8, GupOffset.FromCopy, AddrEndKind.Static,
        [GupCall.GetUserPagesFast], [GupRangeCheck.EndNotAboveStart], GupVocabulary.V5_8,
        EntryTest.Huge, EntryTest.None, EntryTest.Huge, EntryTest.TransHugeOrHugeOrDevmap,
        [EntryTest.NotAccessPermitted, EntryTest.Devmap], PteMap.Kernel, [Level.Pte]);

    /// <summary>RFC v2 (Gerald Schaefer, Sep 2020, not merged): as 5.8's value passing, but each level's boundary is
    /// <c>pXd_addr_end_folded(entry, addr, end)</c>; posted against 5.9-rc, after the forced write was reverted.</summary>
    public static GupFastShape RfcV2 { get; } = V5_8 with
    {
        Name = "gup-fast/rfc-addr-end-folded", Era = KernelEra.RfcV2, AddrEnd = AddrEndKind.Folded, ForcedWrite = [],
    };

    /// <summary>5.9 (d3f7b1bb2040): pointer and value passed down, <c>pXd_offset_lockless(pXdp, pXd, addr)</c>.</summary>
    public static GupFastShape V5_9 { get; } = V5_8 with { Name = "gup-fast/v5.9", Era = KernelEra.V5_9, Offset = GupOffset.Lockless, ForcedWrite = [] };

    /// <summary>6.1: <c>lockless_pages_from_mm</c> and folios; a pud is a leaf for <c>pud_huge || pud_devmap</c>; the pte
    /// loop re-reads the pmd through its real pointer before the pte (70cbc3cc78a9, 6.0; mm/gup.c 6.1:2493-2494).</summary>
    public static GupFastShape V6_1 { get; } = V5_9 with
    {
        Name = "gup-fast/v6.1", Era = KernelEra.V6_1, RangeChecks = [GupRangeCheck.AddOverflowReturnsZero], Names = GupVocabulary.V6_1,
        PudLeaf = EntryTest.HugeOrDevmap, PteRechecks = [Level.Pmd, Level.Pte],
    };

    /// <summary>6.12: the <c>gup_fast_*</c> functions; <c>!p4d_present</c>, <c>pXd_leaf</c> tests, <c>pXd_special</c>
    /// leaves refused, and a <c>pte_offset_map</c> that can fail (mm/gup.c 6.12:2935-3437).</summary>
    public static GupFastShape V6_12 { get; } = V6_1 with
    {
        Name = "gup-fast/v6.12", Era = KernelEra.V6_12, RangeChecks = [GupRangeCheck.AddOverflow, GupRangeCheck.AboveTaskSizeMax],
        Names = GupVocabulary.V6_12, PgdLeaf = EntryTest.Leaf, P4dStop = EntryTest.NotPresent, PudLeaf = EntryTest.Leaf,
        PmdLeaf = EntryTest.Leaf, LeafRefusals = [EntryTest.NotAccessPermitted, EntryTest.Special, EntryTest.Devmap],
        PteMap = PteMap.Checked, GrabsUnderRcu = true, PmdHalvesLowHighLow = true,
    };

    /// <summary>Every era's shape, oldest first.</summary>
    public static IReadOnlyList<GupFastShape> All { get; } = [V5_8, RfcV2, V5_9, V6_1, V6_12];
}
