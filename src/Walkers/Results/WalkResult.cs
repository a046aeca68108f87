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
    /// <summary>What the walk's function returned, where it returns a number (the kernel's gup and pagewalk entry
    /// points: pages pinned, or 0 / <c>-EINVAL</c>); null for the model's walkers, whose result is the pages.</summary>
    public long? Returned { get; init; }

    /// <summary>Every head page whose reference count is not 1 after the walk (each starts at 1), in pfn order;
    /// null where the walker does not take references.</summary>
    public IReadOnlyList<PageReference>? References { get; init; }

    /// <summary>True when the walk ran with <c>FOLL_WRITE</c>: the caller asked for write access, or the walker's era
    /// added it (5.8's <c>get_user_pages_fast</c>, 17839856fd58). False for a walker that does not say.</summary>
    public bool FollWrite { get; init; }

    /// <summary>Number of pages found or pinned.</summary>
    public ulong PageCount => Pages.Aggregate(0UL, (n, r) => n + r.Pages);

    /// <summary>Each page in the order found, with its frame.</summary>
    public IEnumerable<(VirtualAddress Va, Pfn Pfn)> EachPage() => Pages.SelectMany(r => r.Each(Range.PageShift));

    /// <summary>The frame found for <paramref name="va"/>, if any.</summary>
    public Pfn? PfnAt(VirtualAddress va)
    {
        foreach (var run in Pages)
            if (va >= run.Va && (va.Value - run.Va.Value) >> Range.PageShift < run.Pages)
                return run.Pfn + ((va.Value - run.Va.Value) >> Range.PageShift);
        return null;
    }
}
