using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Cli.Rendering;

/// <summary>A traced range page for page against the hardware's translation, as runs: every page of the range lies
/// in exactly one run, so nothing is cut, and a run of a million alike pages is one line.</summary>
/// <param name="Runs">The runs in address order, from the range's start to its end.</param>
/// <param name="Pages">Pages in the range.</param>
/// <param name="WalkAccess">The access the walker's pages are checked for: a write when it ran with FOLL_WRITE.</param>
/// <param name="CallerAccess">The access the caller asked for, which decides whether a page the walker left was owed.</param>
public sealed record PageComparison(IReadOnlyList<PageCheck> Runs, ulong Pages, Access WalkAccess, Access CallerAccess)
{
    /// <summary>True when a run shows a wrong or missed page.</summary>
    public bool Disagrees => Runs.Any(r => r.Disagrees);

    /// <summary>Pages with <paramref name="verdict"/>.</summary>
    public ulong Count(PageVerdict verdict) => Runs.Where(r => r.Verdict == verdict).Aggregate(0UL, (n, r) => n + r.Pages);

    /// <summary>Compares <paramref name="walk"/> with <paramref name="mmu"/>. The hardware is asked at every page the walker
    /// found and every page of every mapping in the range; elsewhere the address space has no leaf (the builder
    /// writes leaves for mappings only, as the fault path does for VMAs), so those pages are a hole for both and are
    /// not translated one by one: a whole-space range costs what its mappings cost.</summary>
    /// <remarks>With <paramref name="prefixOnly"/> (gup_fast) the walker owes every page only when every page of the range
    /// is mapped and accessible; otherwise it may stop at any page and leave the rest to slow gup.</remarks>
    public static PageComparison Of(IMmu mmu, AddressSpace mm, WalkRange range, WalkResult walk, Access walkAccess, Access callerAccess, bool prefixOnly)
    {
        var shift = range.PageShift;
        var first = range.Start.Value >> shift;
        var end = first + range.Pages;
        var found = walk.Pages
            .Select(r => (Start: r.Va.Value >> shift, Run: r))
            .OrderBy(r => r.Start)
            .ToArray();
        var asked = found.Select(r => (r.Start, End: r.Start + r.Run.Pages))
            .Concat(mm.Mappings.Select(m => (Start: m.Va.Value >> shift, End: (m.Va.Value >> shift) + m.Size.Frames)))
            .Select(i => (Start: Math.Max(i.Start, first), End: Math.Min(i.End, end)))
            .Where(i => i.Start < i.End)
            .OrderBy(i => i.Start)
            .ToList();

        var runs = new List<PageCheck>();
        var cpu = new Cpu(mm.Memory);
        var next = first;
        foreach (var (start, stop) in asked)
        {
            if (stop <= next)
                continue;
            if (next < start)
                Append(runs, new PageCheck(Va(next), null, null, start - next, PageVerdict.Hole) { PageShift = shift });
            for (var page = Math.Max(start, next); page < stop; page++)
                Append(runs, Check(mmu, cpu, mm, Va(page), shift, PfnAt(found, page), walkAccess, callerAccess));
            next = stop;
        }
        if (next < end)
            Append(runs, new PageCheck(Va(next), null, null, end - next, PageVerdict.Hole) { PageShift = shift });

        VirtualAddress Va(ulong page) => new(page << shift);

        var owed = !prefixOnly || runs.All(r => r.Verdict != PageVerdict.Hole);
        var verdictOfUnfound = owed ? PageVerdict.Missed : PageVerdict.LeftToSlowGup;
        return new PageComparison([.. runs.Select(r => r.Verdict == PageVerdict.Missed ? r with { Verdict = verdictOfUnfound } : r)], range.Pages, walkAccess, callerAccess);
    }


    /// <summary>One page: the walker's frame against the hardware's for the walk's access; where the walker has none,
    /// the hardware's for the caller's access decides whether a page was left (first called missed; gup_fast's
    /// prefix rule may excuse it).</summary>
    private static PageCheck Check(IMmu mmu, Cpu cpu, AddressSpace mm, VirtualAddress va, int shift, Pfn? pfn, Access walkAccess, Access callerAccess)
    {
        cpu.Reset();
        var hardware = mmu.Translate(cpu, mm, va, pfn is null ? callerAccess : walkAccess);
        var verdict = pfn is null
            ? hardware.Pfn is null ? PageVerdict.Hole : PageVerdict.Missed
            : hardware.Pfn == pfn ? PageVerdict.AsHardware : PageVerdict.Wrong;
        return new PageCheck(va, pfn, hardware.Pfn, 1, verdict, hardware.Fault) { PageShift = shift };
    }

    /// <summary>The walker's frame at <paramref name="page"/>: binary search over its runs in address order.</summary>
    private static Pfn? PfnAt((ulong Start, PageRun Run)[] found, ulong page)
    {
        int lo = 0, hi = found.Length - 1, at = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (found[mid].Start <= page)
                (at, lo) = (mid, mid + 1);
            else
                hi = mid - 1;
        }
        return at >= 0 && page - found[at].Start < found[at].Run.Pages ? found[at].Run.Pfn + (page - found[at].Start) : null;
    }

    /// <summary>Adds a page or run, joining the last run when it continues it: same verdict, same exception, frames
    /// that go on where the last run's end.</summary>
    private static void Append(List<PageCheck> runs, PageCheck check)
    {
        if (runs.Count > 0 && runs[^1] is var last && last.End == check.Va && last.Verdict == check.Verdict && last.ExpectedFault == check.ExpectedFault
            && Continues(last.Pfn, last.Pages, check.Pfn) && Continues(last.ExpectedPfn, last.Pages, check.ExpectedPfn))
            runs[^1] = last with { Pages = last.Pages + check.Pages };
        else
            runs.Add(check);
    }

    private static bool Continues(Pfn? first, ulong pages, Pfn? next) => first is null ? next is null : next == first.Value + pages;
}
