namespace PgtableInvariants.KernelOracle.Walkers;

/// <summary>The kernel functions the oracle calls as walkers.</summary>
public enum KernelEntryPoint
{
    /// <summary><c>kernel/gup-fast</c>: <c>get_user_pages_fast</c> with all its checks and flag handling, up to its
    /// fallback to slow gup (which the oracle does not link): the pages its fast path takes.</summary>
    GupFast,

    /// <summary><c>kernel/gup-fast-only</c>: <c>get_user_pages_fast_only</c>, with its flags handling.</summary>
    GupFastOnly,

    /// <summary><c>kernel/pagewalk</c>: <c>walk_page_range_novma</c> with ops that report leaves and holes.</summary>
    PageWalk,
}
