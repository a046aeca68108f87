using System.Diagnostics;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Architectures.S390;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.Properties.Mutants;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.GupFast;

namespace PgtableInvariants.Bench.Finding;

/// <summary>How fast the suite finds each race of the lockless walkers' history: cases until the first failure and wall
/// time until the shrunk counterexample, over many seeds, with the project's turns (steps just before an access to
/// what the other CPU changes) and with two baselines on the same cases: uniformly random schedules and PCT.</summary>
public static class RaceFindingExperiment
{
    /// <summary>One race: the cell that finds it (a real era, or a mutant model, walker or writer).</summary>
    private sealed record Race(string Name, string Invariant, Model Model, string Walker, ModelWalker? Mutant = null,
        Func<Arbitrary<RaceCase>, Arbitrary<RaceCase>>? Writer = null);

    /// <summary>No release: table pages freed as soon as they are unhooked.</summary>
    private sealed class TablesFreedAtOnce(IArchitecture inner) : MutantArchitecture(inner)
    {
        public override TableFreeing TableFreeing => TableFreeing.AtOnce;
    }

    private sealed class S390TablesFreedAtOnce(S390Architecture inner) : DynamicMutantArchitecture<S390Architecture>(inner)
    {
        public override TableFreeing TableFreeing => TableFreeing.AtOnce;
    }

    private static ModelWalker Shape(GupFastShape shape) => new(shape.Name, WalkerCatalogue.GupFastKind, shape.Era, shape.Name, _ => new GupFastWalker(shape));

    private static readonly Race[] Races =
    [
        new("collapse vs gup_fast before 70cbc3cc78a9: s390 3-level, gup_fast v5.9", "collapse-keeps-pins", ModelCatalogue.S390ThreeLevel, WalkerCatalogue.GupFastV59),
        new("retract before 2ba99c5e0881: s390 3-level, gup_fast v5.9", "retract-table-lifetime", ModelCatalogue.S390ThreeLevel, WalkerCatalogue.GupFastV59),
        new("tables freed without waiting (mutant): x86-64 4-level 6.12", "table-lifetime",
            ModelCatalogue.Find("x86-64/4level@v6.12")! with { Arch = new TablesFreedAtOnce(ModelCatalogue.Find("x86-64/4level@v6.12")!.Arch) }, WalkerCatalogue.GupFastV612),
        new("tables freed without waiting (mutant): s390 3-level, gup_fast v5.9", "table-lifetime",
            ModelCatalogue.S390ThreeLevel with { Arch = new S390TablesFreedAtOnce((S390Architecture)ModelCatalogue.S390ThreeLevel.Arch) }, WalkerCatalogue.GupFastV59),
        new("leaf without re-check (mutant) vs THP migration: arm64 4K 6.12", "migration-keeps-pins", ModelCatalogue.Find("arm64/4k/48@v6.12")!,
            "gup-fast/v6.12-no-leaf-recheck", Shape(GupFastShape.V6_12 with { Name = "gup-fast/v6.12-no-leaf-recheck", LeafRecheck = false })),
        new("s390 upgrade storing asce_limit before mm->pgd (mutant): s390 3-level, gup_fast v5.9", "upgrade-race", ModelCatalogue.S390ThreeLevel,
            WalkerCatalogue.GupFastV59, Writer: LimitFirst),
        new("PAE pte read high half first (mutant; pmd read as 6.2's) vs a fault or munmap: i386 PAE, gup_fast v5.9", "whole-entries", ModelCatalogue.Find("i386/pae")!,
            "gup-fast/v5.9-high-then-low", Shape(GupFastShape.V5_9 with { Name = "gup-fast/v5.9-high-then-low", PteHalvesLowHighLow = false, PmdHalvesLowHighLow = true })),
        new("PAE pmd read with READ_ONCE before 1180e732c985 vs munmap: i386 PAE 6.1, gup_fast v6.1", "whole-entries", ModelCatalogue.Find("i386/pae@v6.1")!, WalkerCatalogue.GupFastV61),
        new("double load in pmd_offset (mutant) vs munmap: x86-64 4-level", "validated-values", ModelCatalogue.X86FourLevel,
            "gup-fast/v5.9-double-load", Shape(GupFastShape.V5_9 with { Name = "gup-fast/v5.9-double-load", Offset = GupOffset.FromPointer })),
    ];

    private const int Budget = 10_000;

    /// <summary>The s390 upgrade with its stores swapped: the cases of <c>upgrade-race</c> with that writer.</summary>
    private static Arbitrary<RaceCase> LimitFirst(Arbitrary<RaceCase> cases) =>
        Arb.From(cases.Generator.Select(c => c with { Writer = new RaceWriter.Upgrade(LimitFirst: true) }), cases.Shrinker);

    /// <summary>The schedulers compared, each making the cases of one run from the invariant's own.</summary>
    private static readonly (string Name, Func<Arbitrary<RaceCase>, Arbitrary<RaceCase>> Cases)[] Schedulers =
    [
        ("project (turn before an access to what it changes)", cases => cases),
        ("uniform random schedule", RaceSchedules.WithUniform),
        ("PCT, d = 2", cases => RaceSchedules.WithPct(cases, 2)),
        ("PCT, d = 3", cases => RaceSchedules.WithPct(cases, 3)),
    ];

    public static void Run(int seeds, TextWriter output)
    {
        output.WriteLine("| race | scheduler | found | cases to failure (median / worst) | time to shrunk counterexample (median / worst) | shrunk to ≤ 2 pages, ≤ 8 steps of cpu 1 during the walk |");
        output.WriteLine("|---|---|---|---|---|---|");
        foreach (var race in Races)
        {
            var results = Schedulers.Select(s => (s.Name, Measure: Measure(race, seeds, s.Cases))).ToList();
            foreach (var (name, m) in results)
                output.WriteLine(m.Row(race.Name, name, seeds, Budget));
            var project = results[0].Measure;
            var best = results.Skip(1).Where(r => r.Measure.Found.Count > 0).Select(r => FindingStatistics.Median(r.Measure.Cases)).DefaultIfEmpty(double.NaN).Min();
            output.WriteLine(project.Found.Count == 0 ? $"| {race.Name} | ratio | | the project never found it | | |"
                : double.IsNaN(best) ? string.Create(CultureInfo.InvariantCulture, $"| {race.Name} | ratio best baseline/project (median cases) | | no baseline found it within {Budget} cases (> {Budget / FindingStatistics.Median(project.Cases):0}x) | | |")
                : string.Create(CultureInfo.InvariantCulture, $"| {race.Name} | ratio best baseline/project (median cases) | | {best / FindingStatistics.Median(project.Cases):0.#}x | | |"));
        }
    }


    private static FindingStatistics Measure(Race race, int seeds, Func<Arbitrary<RaceCase>, Arbitrary<RaceCase>> cases)
    {
        var invariant = (Invariant<RaceCase>)InvariantCatalogue.Find(race.Invariant)!;
        var found = new List<int>();
        var counts = new List<double>();
        var millis = new List<double>();
        var minimal = 0;
        for (var i = 0; i < seeds; i++)
        {
            var config = new RunConfig(Budget, new Seed(0x5eed_0000UL + (ulong)i * 7919, 0x9e37_79b9_7f4a_7c15UL | 1),
                Walkers: race.Mutant is null ? null : [race.Mutant]);
            var clock = Stopwatch.StartNew();
            var own = invariant.Arbitrary(race.Model, race.Walker, config);
            var result = InvariantRunner.Run(invariant, race.Model, race.Walker, config, cases(race.Writer?.Invoke(own) ?? own));
            clock.Stop();
            if (result.Verdict != Verdict.Falsified)
                continue;
            found.Add(i);
            counts.Add(result.Tests);
            millis.Add(clock.Elapsed.TotalMilliseconds);
            if (result.Counterexample is RaceCase c && c.Walk.Range.Pages <= 2
                && result.Walk?.Trace.Steps is { } steps && steps.Count(s => s.Cpu == 1 && s.Index < steps.Last(w => w.Cpu == 0).Index) <= 8)
                minimal++;
        }
        return new FindingStatistics(found, counts, millis, minimal);
    }
}
