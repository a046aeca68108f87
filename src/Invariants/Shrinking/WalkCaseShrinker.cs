using System.Runtime.InteropServices;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Shrinking;

/// <summary>Shrinks a <see cref="WalkCase"/> as one: simplest stack layout, read before write, fewest mappings,
/// shortest range, lowest addresses (range and mappings translated down together, so their relation survives).</summary>
/// <remarks>Every candidate is valid by construction; nothing is filtered.</remarks>
public static class WalkCaseShrinker
{
    /// <summary>Candidates, simplest first; with <paramref name="keepLayout"/> the stack layout is left as it is.</summary>
    public static IEnumerable<WalkCase> Shrink(WalkCase c, bool keepLayout = false)
    {
        if (!keepLayout && c.Layout != StackLayout.CallerCopy)
            yield return c with { Layout = StackLayout.CallerCopy };
        if (!keepLayout && c.Layout == StackLayout.Zero)
            yield return c with { Layout = StackLayout.RedZone };
        if (c.Write)
            yield return c with { Write = false };

        var n = c.Mappings.Count;
        if (n > 1)
        {
            yield return c with { Mappings = c.Mappings.Take(n / 2).ToArray() };
            yield return c with { Mappings = c.Mappings.Skip(n / 2).ToArray() };
        }
        for (var i = 0; i < n; i++)
            yield return c with { Mappings = c.Mappings.Where((_, j) => j != i).ToArray() };

        foreach (var range in ShorterRanges(c.Range))
            yield return c with { Range = range };

        foreach (var lowered in Lowered(c))
            yield return lowered;

        foreach (var range in LowerRanges(c))
            yield return c with { Range = range };

        for (var i = 0; i < n; i++)
        {
            var m = c.Mappings[i];
            if (m.Flags != (VmFlags.Read | VmFlags.Write))
                yield return c with { Mappings = [.. c.Mappings.Take(i), m with { Flags = VmFlags.Read | VmFlags.Write }, .. c.Mappings.Skip(i + 1)] };
            if (!m.Size.IsHuge)
                continue;
            // The 4 KiB page the range starts in, else the leaf's first page.
            var va = m.Va <= c.Range.Start && c.Range.Start < m.End ? c.Range.Start : m.Va;
            var page = PlannedMapping.At(c.Model.Arch, va, c.Model.Arch.Geometry.BasePage, m.Flags);
            yield return c with { Mappings = [.. c.Mappings.Take(i), page, .. c.Mappings.Skip(i + 1)] };
        }
    }

    /// <summary>The range alone moved down, keeping its length: to the lowest mapping, or to half its address.</summary>
    private static IEnumerable<WalkRange> LowerRanges(WalkCase c)
    {
        var length = c.Range.End.Value - c.Range.Start.Value;
        if (c.Range.ToTop)
            yield break;
        var targets = c.Mappings.Select(m => m.Va.Value).Append(c.Range.Start.Value / 2 & ~(c.Range.PageSize - 1))
            .Where(start => start < c.Range.Start.Value).Distinct().Order();
        foreach (var start in targets)
            yield return c.Range.With(new(start), new(start + length));
    }

    /// <summary>Keeps the first of any overlapping mappings, in order: the map from a generated list into valid ones.
    /// An array in which nothing overlaps is returned as it is.</summary>
    /// <remarks>The kept mappings never overlap, so of those that start below a mapping's end only the highest can
    /// reach into it: one binary search a mapping instead of a look at every kept one (a case may hold hundreds).</remarks>
    public static PlannedMapping[] WithoutOverlaps(IEnumerable<PlannedMapping> mappings)
    {
        var all = mappings as PlannedMapping[] ?? [.. mappings];
        var kept = new PlannedMapping[all.Length];
        var count = 0;
        var byStart = new List<PlannedMapping>(all.Length);
        foreach (var m in all)
        {
            // A mapping whose end wraps to 0 overlaps nothing by Overlaps' own words, either way round.
            if (m.End.Value <= m.Va.Value)
            {
                kept[count++] = m;
                continue;
            }
            var below = CollectionsMarshal.AsSpan(byStart).BinarySearch(new StartingAt(m.End.Value - 1));
            var highest = below >= 0 ? below : ~below - 1;
            if (highest >= 0 && byStart[highest].Overlaps(m))
                continue;
            kept[count++] = m;
            byStart.Insert(highest + 1, m);
        }
        return count == all.Length ? all : kept[..count];
    }

    /// <summary>Orders an address among the starts of the kept mappings.</summary>
    private readonly record struct StartingAt(ulong Va) : IComparable<PlannedMapping>
    {
        public int CompareTo(PlannedMapping? other) => Va.CompareTo(other!.Va.Value);
    }

    private static IEnumerable<WalkRange> ShorterRanges(WalkRange r)
    {
        var pages = r.Pages;
        if (pages <= 1)
            yield break;
        if (pages > 4)
        {
            var half = (pages / 2) << r.PageShift;
            yield return r.With(r.Start, r.Start + half);
            yield return r.With(r.Start + half, r.End);
        }
        yield return r.With(r.Start + r.PageSize, r.End);
        yield return r.With(r.Start, r.End - r.PageSize);
    }

    /// <summary>The whole case translated down by a multiple of a level size: as far as it goes, to the start of the
    /// block of that size it lies in, and by one step.</summary>
    /// <remarks>The start of its block keeps the case's index at that level and above and clears what lies below: a
    /// failure that needs one slot of a table (a pud read beside a stack copy lands in a red zone for a few pud indexes
    /// only) comes down to that slot's first address at once, where one step at a time spent FsCheck's 5000 shrink
    /// attempts a thousand pmds short of it.</remarks>
    private static IEnumerable<WalkCase> Lowered(WalkCase c)
    {
        var lowest = c.Mappings.Select(m => m.Va.Value).Append(c.Range.Start.Value).Min();
        var alignment = c.Mappings.Select(m => m.Size.Bytes).DefaultIfEmpty(c.Range.PageSize).Max();
        foreach (var size in AddressGenerators.BoundarySizes(c.Model).Append(c.Range.PageSize).Where(s => s >= alignment))
        {
            if (lowest < size)
                continue;
            var far = lowest / size * size;
            yield return Lower(c, far);
            var intoBlock = lowest % size / alignment * alignment;
            if (intoBlock != 0)
                yield return Lower(c, intoBlock);
            if (far != size)
                yield return Lower(c, size);
        }
    }

    private static WalkCase Lower(WalkCase c, ulong delta) => c with
    {
        Range = c.Range.With(c.Range.Start - delta, c.Range.End - delta),
        Mappings = c.Mappings.Select(m => m.Lowered(c.Model.Arch, delta)).ToArray(),
    };
}
