using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Walkers.Results;

/// <summary>What one walk found: pages with their frames (found, or pinned for gup), holes, the fault that stopped
/// it if any, the number of entry loads, and the trace.</summary>
public sealed record WalkResult(
    string Walker,
    WalkRange Range,
    IReadOnlyList<PageRun> Pages,
    IReadOnlyList<Hole> Holes,
    WalkFault? Fault,
    long Loads,
    WalkTrace Trace)
{
    /// <summary>Number of 4 KiB pages found or pinned.</summary>
    public ulong PageCount => Pages.Aggregate(0UL, (n, r) => n + r.Pages);

    /// <summary>Each page in the order found, with its frame.</summary>
    public IEnumerable<(VirtualAddress Va, Pfn Pfn)> EachPage() => Pages.SelectMany(r => r.Each());

    /// <summary>The frame found for <paramref name="va"/>, if any.</summary>
    public Pfn? PfnAt(VirtualAddress va)
    {
        foreach (var run in Pages)
            if (va >= run.Va && (va.Value - run.Va.Value) >> 12 < run.Pages)
                return run.Pfn + ((va.Value - run.Va.Value) >> 12);
        return null;
    }
}
