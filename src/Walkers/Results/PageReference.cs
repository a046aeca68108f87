using PgtableInvariants.Arch.Addresses;

namespace PgtableInvariants.Walkers.Results;

/// <summary>A head page's reference count after a walk: <c>page_ref_count</c> of a page or of a folio's head (a
/// huge leaf's references are all taken on its head, <c>try_grab_compound_head</c> / <c>try_grab_folio</c>).</summary>
public sealed record PageReference(Pfn Head, int Count)
{
    public override string ToString() => $"{Head} refcount {Count}";
}
