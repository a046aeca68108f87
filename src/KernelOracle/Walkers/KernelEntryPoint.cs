namespace PgtableInvariants.KernelOracle.Walkers;

/// <summary>The kernel functions the oracle calls as walkers.</summary>
public enum KernelEntryPoint
{
    /// <summary><c>kernel/gup-fast</c>: the fast walk alone, as <c>get_user_pages_fast</c> runs it before any
    /// fallback to slow gup (<c>gup_pgd_range</c>; 6.12 <c>gup_fast_pgd_range</c>), interrupts off.</summary>
    GupFast,

    /// <summary><c>kernel/gup-fast-only</c>: <c>get_user_pages_fast_only</c>, with its flags handling.</summary>
    GupFastOnly,

    /// <summary><c>kernel/pagewalk</c>: <c>walk_page_range_novma</c> with ops that report leaves and holes.</summary>
    PageWalk,
}
