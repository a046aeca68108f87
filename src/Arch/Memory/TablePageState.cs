namespace PgtableInvariants.Arch.Memory;

/// <summary>The life of a page-table page: allocated by <c>pXd_alloc_one</c>, unhooked and given back by
/// <c>free_pgtables</c> (<c>pte_free_tlb</c>, <c>tlb_remove_table</c>), then handed out again by the page allocator.</summary>
public enum TablePageState
{
    Live,
    Freed,
    Reused,
}
