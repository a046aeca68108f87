namespace PgtableInvariants.Walkers.GupFast;

/// <summary>The shape of mm/gup.c's fast path in the kernel eras that matter for dynamic folding.</summary>
public enum GupEra
{
    /// <summary>5.2–5.8: values read once with READ_ONCE are passed down, and each level offsets from the address of
    /// its on-stack copy (<c>pud_offset(&amp;p4d, addr)</c>). 5.8 also forces FOLL_WRITE (17839856fd58).</summary>
    StackCopy,

    /// <summary>RFC v2 (Gerald Schaefer, Sep 2020): as 5.8's value passing, but each level's boundary is
    /// <c>pXd_addr_end_folded(entry, addr, end)</c>, so on s390 the iteration happens at the top level.</summary>
    AddrEndFolded,

    /// <summary>5.9+ (d3f7b1bb2040): pointer and value passed down, <c>pXd_offset_lockless(pXdp, pXd, addr)</c>.</summary>
    Lockless,
}
