using PgtableInvariants.Invariants.Cases;

namespace PgtableInvariants.Invariants.Shrinking;

/// <summary>Shrinks a <see cref="RaceCase"/>: the other CPU's turn towards an earlier access and fewer steps (draws
/// towards 0), a simpler writer, then the walk case as <see cref="WalkCaseShrinker"/> does, with the turn's access
/// as it was or one or two later.</summary>
public static class RaceCaseShrinker
{
    /// <summary>Draws below <see cref="SmallDraw"/> are tried one by one: they are the turns themselves.</summary>
    private const uint SmallDraw = 16;

    public static IEnumerable<RaceCase> Shrink(RaceCase c)
    {
        foreach (var draw in Smaller(c.AccessDraw))
            yield return c with { AccessDraw = draw };
        foreach (var draw in Smaller(c.StepsDraw))
            yield return c with { StepsDraw = draw };
        foreach (var writer in c.Writer.Shrink(c.Walk.Model, c.Walk.Range))
            yield return c with { Writer = writer };
        foreach (var walk in WalkCaseShrinker.Shrink(c.Walk, keepLayout: true))
        {
            yield return c with { Walk = walk };
            // A simpler walk may read what the other CPU changes once or twice more before the read that matters (an
            // s390 pgd_offset reads the top table's first slot, which a munmap at 0 clears).
            yield return c with { Walk = walk, AccessDraw = c.AccessDraw + 1 };
            yield return c with { Walk = walk, AccessDraw = c.AccessDraw + 2 };
        }
    }

    private static IEnumerable<uint> Smaller(uint draw)
    {
        for (uint small = 0; small < Math.Min(draw, SmallDraw); small++)
            yield return small;
        if (draw > SmallDraw)
            yield return draw / 2;
    }
}
