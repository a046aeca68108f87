using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Walkers.GupFast;

/// <summary>The names one era of mm/gup.c gives the fast path's functions and reads, as its trace shows them.</summary>
/// <param name="Entry">The entry point that checks the range: <c>internal_get_user_pages_fast</c>, <c>gup_fast_fallback</c>.</param>
/// <param name="Lockless">The function that checks <c>gup_fast_permitted</c> and runs the walk with interrupts off, when the
/// era has one of its own: <c>lockless_pages_from_mm</c> (6.1), <c>gup_fast</c> (6.12).</param>
/// <param name="Range"><c>gup_pud_range</c>, <c>gup_fast_pud_range</c>.</param>
/// <param name="Read">The read of an entry: <c>READ_ONCE(*pudp)</c>, <c>pudp_get(pudp)</c>.</param>
/// <param name="PteRead"><c>gup_get_pte(ptep)</c>, <c>ptep_get_lockless(ptep)</c>.</param>
/// <param name="Leaf">The huge-leaf function: <c>gup_huge_pud</c>, <c>gup_fast_pud_leaf</c>.</param>
/// <param name="PteRecheck">The pte re-read after the grab.</param>
public sealed record GupVocabulary(string Entry, string? Lockless, HelperNames Range, HelperNames Read, string PteRead, HelperNames Leaf, string PteRecheck)
{
    /// <summary>5.8 to 5.9 (and RFC v2).</summary>
    public static GupVocabulary V5_8 { get; } = new("internal_get_user_pages_fast", null, HelperNames.Of(n => $"gup_{n}_range"),
        HelperNames.Of(n => $"READ_ONCE(*{n}p)"), "gup_get_pte(ptep)", HelperNames.Of(n => $"gup_huge_{n}"), "pte_val(*ptep) recheck");

    /// <summary>6.1: <c>lockless_pages_from_mm</c>, <c>ptep_get_lockless</c> (mm/gup.c 6.1:2449-2529, 2989).</summary>
    public static GupVocabulary V6_1 { get; } = V5_8 with { Lockless = "lockless_pages_from_mm", PteRead = "ptep_get_lockless(ptep)" };

    /// <summary>6.12: the <c>gup_fast_*</c> names and the <c>pXdp_get</c> readers (mm/gup.c 6.12:2935-3437).</summary>
    public static GupVocabulary V6_12 { get; } = new("gup_fast_fallback", "gup_fast", HelperNames.Of(n => $"gup_fast_{n}_range"),
        HelperNames.Of(n => n == "pmd" ? "pmdp_get_lockless(pmdp)" : $"{n}p_get({n}p)"), "ptep_get_lockless(ptep)",
        HelperNames.Of(n => $"gup_fast_{n}_leaf"), "pte_val(ptep_get(ptep)) recheck");
}
