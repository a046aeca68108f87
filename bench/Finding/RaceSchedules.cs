using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using PgtableInvariants.Invariants.Cases;

namespace PgtableInvariants.Bench.Finding;

/// <summary>The baselines a race is searched with besides the project's turn: each case's other CPU follows a whole
/// schedule over every access of the walk (its loads and grabs), drawn without looking at what the other CPU changes.</summary>
public static class RaceSchedules
{
    /// <summary>Uniformly random schedules: each step comes before an access drawn uniformly among all of them or after
    /// the walk, in program order.</summary>
    public sealed record Uniform(IReadOnlyList<uint> Draws) : RaceSchedule
    {
        public override IReadOnlyList<long> Before(int accesses, int steps) =>
            [.. Enumerable.Range(0, steps).Select(i => AfterTheWalk(Draws[i % Draws.Count] % (uint)(accesses + 1), accesses)).Order()];

        public override string ToString() => "uniform";
    }

    /// <summary>PCT (Burckhardt et al., ASPLOS 2010) for two CPUs: a random priority each, and <c>d</c> change points drawn
    /// among the walk's accesses and the other CPU's steps; the CPU of higher priority runs, and at a change point the
    /// one running drops below the other.</summary>
    public sealed record Pct(bool WalkerFirst, IReadOnlyList<uint> ChangePoints) : RaceSchedule
    {
        public override IReadOnlyList<long> Before(int accesses, int steps)
        {
            var events = accesses + steps;
            var changes = ChangePoints.Select(c => (int)(c % (uint)events)).ToHashSet();
            var walkerRuns = WalkerFirst;
            var before = new List<long>(steps);
            var walked = 0;
            for (var e = 0; before.Count < steps; e++)
            {
                if (changes.Contains(e))
                    walkerRuns = !walkerRuns;
                if (walkerRuns && walked < accesses)
                    walked++;
                else
                    before.Add(AfterTheWalk(walked, accesses));
            }
            return before;
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"PCT d={ChangePoints.Count}");
    }

    /// <summary>Place <paramref name="access"/> of a walk of <paramref name="accesses"/>: its number, or after the walk
    /// when it is past the last (a walk the other CPU changes may make more accesses than the undisturbed one).</summary>
    private static long AfterTheWalk(long access, int accesses) => access >= accesses ? long.MaxValue : access;

    /// <summary>The project's race cases with a uniform schedule each instead of their turn.</summary>
    public static Arbitrary<RaceCase> WithUniform(Arbitrary<RaceCase> cases) =>
        With(cases, from draws in Gen.ArrayOf(Gen.Choose(0, int.MaxValue).Select(d => (uint)d), 64) select (RaceSchedule)new Uniform(draws));

    /// <summary>The project's race cases with a PCT schedule of depth <paramref name="depth"/> each instead of their turn.</summary>
    public static Arbitrary<RaceCase> WithPct(Arbitrary<RaceCase> cases, int depth) =>
        With(cases,
            from first in Gen.Elements(true, false)
            from points in Gen.ArrayOf(Gen.Choose(0, int.MaxValue).Select(d => (uint)d), depth)
            select (RaceSchedule)new Pct(first, points));

    private static Arbitrary<RaceCase> With(Arbitrary<RaceCase> cases, Gen<RaceSchedule> schedules) =>
        Arb.From(from c in cases.Generator from s in schedules select c with { WholeSchedule = s }, cases.Shrinker);
}
