namespace PgtableInvariants.Walkers.PageWalk;

/// <summary>Which <c>pXd_addr_end</c> a walker's loops use.</summary>
public enum AddrEndKind
{
    /// <summary>The generic <c>pXd_addr_end(addr, end)</c> with the compiled (on s390, static 5-level) sizes.</summary>
    Static,

    /// <summary>RFC v2's entry-aware <c>pXd_addr_end_folded(entry, addr, end)</c> (Sep 2020, patches 2-3 proposed it
    /// for every walker).</summary>
    Folded,
}
