namespace PgtableInvariants.Walkers;

/// <summary>The form of <c>pte_offset_map(pmdp, addr)</c> a walker's era has.</summary>
public enum PteMap
{
    /// <summary>Up to 6.4: <c>pte_offset_kernel</c> on the pmd the pointer reaches; it cannot fail (include/linux/pgtable.h).</summary>
    Kernel,

    /// <summary>6.5 on ("mm/pgtable: allow pte_offset_map[_lock]() to fail"): <c>__pte_offset_map</c> reads the pmd
    /// once with <c>pmdp_get_lockless</c> and returns NULL for a none, trans-huge or devmap pmd, and for a bad one
    /// after <c>pmd_clear_bad</c> on the pointer it was given (mm/pgtable-generic.c 6.12:282-306).</summary>
    Checked,
}
