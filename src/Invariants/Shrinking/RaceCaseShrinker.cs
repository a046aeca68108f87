using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;

namespace PgtableInvariants.Invariants.Shrinking;

/// <summary>Shrinks a <see cref="RaceCase"/>: fewer turns of the other CPU, fewer steps a turn, earlier loads, a plain reuse word, then the walk case as <see cref="WalkCaseShrinker"/> does, the munmap
/// range kept where it was.</summary>
public static class RaceCaseShrinker
{
    public static IEnumerable<RaceCase> Shrink(RaceCase c)
    {
        var turns = c.Turns;
        for (var i = 0; i < turns.Count && turns.Count > 1; i++)
            yield return c with { Turns = [.. turns.Take(i), .. turns.Skip(i + 1)] };
        for (var i = 0; i < turns.Count; i++)
        {
            var t = turns[i];
            var earliest = i == 0 ? 0 : turns[i - 1].AtLoad;
            if (t.AtLoad > earliest)
            {
                yield return c with { Turns = With(turns, i, t with { AtLoad = earliest }) };
                if (t.AtLoad - 1 > earliest)
                    yield return c with { Turns = With(turns, i, t with { AtLoad = t.AtLoad - 1 }) };
            }
            if (t.Steps > 8)
                yield return c with { Turns = With(turns, i, t with { Steps = 8 }) };
            if (t.Steps > 1)
            {
                yield return c with { Turns = With(turns, i, t with { Steps = t.Steps - 1 }) };
                // One step fewer a few loads later: the other CPU's last step lands deeper in the walk.
                var latest = i == turns.Count - 1 ? t.AtLoad + 8 : turns[i + 1].AtLoad;
                for (var load = t.AtLoad + 1; load <= latest; load++)
                    yield return c with { Turns = With(turns, i, new RaceTurn(load, t.Steps - 1)) };
            }
        }
        foreach (var span in AddressGenerators.BoundarySizes(c.Walk.Model).Append(c.Walk.Range.PageSize).Where(s => s < c.UnmapSpan).Order())
            yield return c with { UnmapSpan = span };
        if (c.ReuseWord != 0)
            yield return c with { ReuseWord = 0 };
        foreach (var walk in WalkCaseShrinker.Shrink(c.Walk, keepLayout: true))
            yield return c with { Walk = walk };
    }

    private static RaceTurn[] With(IReadOnlyList<RaceTurn> turns, int i, RaceTurn t) => [.. turns.Take(i), t, .. turns.Skip(i + 1)];
}
