using PgtableInvariants.Arch.Addresses;

namespace PgtableInvariants.Walkers.Results;

/// <summary>Consecutive pages found or pinned: <see cref="Pages"/> pages from <see cref="Va"/>, backed by frames
/// from <see cref="Pfn"/> (a huge leaf gives one run, as <c>record_subpages</c> fills one page per base page).</summary>
public sealed record PageRun(VirtualAddress Va, Pfn Pfn, ulong Pages)
{
    /// <summary>Each page (of <paramref name="pageShift"/>) of the run with its frame.</summary>
    public IEnumerable<(VirtualAddress Va, Pfn Pfn)> Each(int pageShift)
    {
        for (ulong i = 0; i < Pages; i++)
            yield return (Va + (i << pageShift), Pfn + i);
    }

    public override string ToString() => Pages == 1 ? $"{Va} -> {Pfn}" : $"{Va} -> {Pfn} (+{Pages - 1} pages)";
}
