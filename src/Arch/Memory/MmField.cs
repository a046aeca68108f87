namespace PgtableInvariants.Arch.Memory;

/// <summary>A field of <c>struct mm_struct</c> a walker reads besides the tables, and another CPU may store between two
/// of its loads.</summary>
public enum MmField
{
    /// <summary><c>mm-&gt;pgd</c>, which <c>pgd_offset</c> reads (<c>READ_ONCE(mm-&gt;pgd)</c> on s390).</summary>
    Pgd,

    /// <summary>s390's <c>mm-&gt;context.asce_limit</c>, which <c>gup_fast_permitted</c> reads.</summary>
    AsceLimit,
}
