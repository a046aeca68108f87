using PgtableInvariants.Arch.Addresses;

namespace PgtableInvariants.Arch.Memory;

/// <summary>References taken on data pages beyond those of their mappings (gup's <c>try_grab_folio</c>, dropped by
/// <c>gup_put_folio</c> when a re-check fails): what a writer that unmaps a page and then counts its references sees
/// (khugepaged's <c>__collapse_huge_page_isolate</c>, which gives up on a page with an extra reference).</summary>
/// <remarks>Kept as runs, as gup takes them (<c>record_subpages</c> takes every subpage of a huge leaf at once): a walk
/// pins up to a few runs, and a 1 GiB leaf would be 262,144 entries one by one.</remarks>
public sealed class PageReferences
{
    private readonly List<(ulong First, ulong Pages)> runs = [];

    /// <summary>Takes a reference on each of <paramref name="pages"/> pages from <paramref name="pfn"/>; the frames
    /// that follow the last ones taken extend their run.</summary>
    public void Get(Pfn pfn, ulong pages = 1)
    {
        if (runs.Count > 0 && runs[^1].First + runs[^1].Pages == pfn.Value)
            runs[^1] = (runs[^1].First, runs[^1].Pages + pages);
        else
            runs.Add((pfn.Value, pages));
    }

    /// <summary>Drops the references the last <see cref="Get"/> took on the same pages, as gup does when its re-check
    /// fails right after the grab.</summary>
    public void Put(Pfn pfn, ulong pages = 1)
    {
        Guard.State(runs.Count > 0 && runs[^1].First + runs[^1].Pages == pfn.Value + pages && runs[^1].Pages >= pages,
            $"references put on {pfn} + {pages} pages, which were not the last taken");
        runs[^1] = (runs[^1].First, runs[^1].Pages - pages);
        if (runs[^1].Pages == 0)
            runs.RemoveAt(runs.Count - 1);
    }

    /// <summary>Every reference held, as runs of frames: each frame of a run holds one.</summary>
    public IEnumerable<(Pfn First, ulong Pages)> Runs => runs.Select(r => (new Pfn(r.First), r.Pages));

    /// <summary>Drops every reference: the walks that took them are forgotten.</summary>
    public void Clear() => runs.Clear();

    /// <summary>The references beyond the mappings' own on <paramref name="pfn"/>.</summary>
    public int Extra(Pfn pfn) => Extra(pfn, 1);

    /// <summary>The references beyond the mappings' own on the folio of <paramref name="pages"/> pages from
    /// <paramref name="pfn"/>: a folio has one count, which a reference on any of its pages raises (each run taken on it
    /// counts once per page).</summary>
    public int Extra(Pfn pfn, ulong pages)
    {
        var count = 0UL;
        foreach (var (first, taken) in runs)
        {
            var (from, to) = (Math.Max(first, pfn.Value), Math.Min(first + taken, pfn.Value + pages));
            if (from < to)
                count += to - from;
        }
        return (int)count;
    }
}
