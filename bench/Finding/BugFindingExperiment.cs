using System.Diagnostics;
using System.Globalization;
using FsCheck;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Bench.Finding;

/// <summary>How fast the suite finds the s390 bugs, the arm64 one and the riscv one: cases until the first failure and wall time until the minimal
/// counterexample, over many seeds, with the project's generators and with the uniform baseline.</summary>
public static class BugFindingExperiment
{
    /// <summary>One bug: the cell that finds it, measured with the project's generators and with the uniform baseline.</summary>
    private sealed record Target(string Name, Func<int, FindingStatistics> Project, Func<int, FindingStatistics> Baseline);

    private static readonly Target[] Targets =
    [
        Walk("gup-fast-prefix, s390 3-level, gup_fast v5.8", "gup-fast-prefix", ModelCatalogue.S390ThreeLevel, WalkerCatalogue.GupFastV58, WalkRange.Create(0x7fff_f000, 0x8000_1000)),
        Walk("gup-fast-prefix, s390 4-level, gup_fast v5.8", "gup-fast-prefix", ModelCatalogue.S390FourLevel, WalkerCatalogue.GupFastV58, WalkRange.Create(0x3ff_ffff_f000, 0x400_0000_1000)),
        Walk("iterator, s390 3-level, pagewalk", "iterator", ModelCatalogue.S390ThreeLevel, WalkerCatalogue.PageWalk, WalkRange.Create(0x7fff_f000, 0x8000_1000)),
        Walk("lockless-reads, arm64 16K 52-bit pud folded, v6.10, gup_fast v6.1", "lockless-reads", ModelCatalogue.Find("arm64/16k/52-pud-folded@v6.10")!, WalkerCatalogue.GupFastV61, WalkRange.Create(0, 0x4000, 14)),
        Address("geometry, riscv Sv39, v5.18 (P4D_SHIFT 39)", "geometry", ModelCatalogue.Find("riscv/sv39@v5.18")!),
    ];

    /// <summary>A walk bug; minimal is <paramref name="minimal"/> with at most two mappings.</summary>
    private static Target Walk(string name, string id, Model model, string walker, WalkRange minimal)
    {
        var invariant = (Invariant<WalkCase>)InvariantCatalogue.Find(id)!;
        bool Minimal(WalkCase c) => c.Range == minimal && c.Mappings.Count <= 2;
        return new(name,
            seeds => Measure(invariant, model, walker, seeds, config => invariant.Arbitrary(model, walker, config), Minimal),
            seeds => Measure(invariant, model, walker, seeds, _ => BaselineGenerators.Arbitrary(model), Minimal));
    }

    /// <summary>A bug of the model alone, judged at one address; minimal is address 0. The baseline draws page-aligned
    /// addresses uniformly over the 64-bit space and shrinks as the project does.</summary>
    private static Target Address(string name, string id, Model model)
    {
        var invariant = (Invariant<AddressCase>)InvariantCatalogue.Find(id)!;
        static bool Minimal(AddressCase c) => c.Addr.Value == 0;
        return new(name,
            seeds => Measure(invariant, model, null, seeds, config => invariant.Arbitrary(model, null, config), Minimal),
            seeds => Measure(invariant, model, null, seeds, config => BaselineGenerators.Addresses(model, invariant.Arbitrary(model, null, config)), Minimal));
    }

    private const int Budget = 10_000;

    public static void Run(int seeds, TextWriter output)
    {
        output.WriteLine($"| bug | generator | found | cases to failure (median / worst) | time to minimal counterexample (median / worst) | minimal |");
        output.WriteLine("|---|---|---|---|---|---|");
        foreach (var target in Targets)
        {
            var project = target.Project(seeds);
            var baseline = target.Baseline(seeds);
            output.WriteLine(project.Row(target.Name, "project", seeds, Budget));
            output.WriteLine(baseline.Row(target.Name, "uniform baseline", seeds, Budget));
            var ratio = project.Found.Count > 0 && baseline.Found.Count > 0 ? FindingStatistics.Median(baseline.Cases) / FindingStatistics.Median(project.Cases) : double.NaN;
            output.WriteLine($"| {target.Name} | ratio baseline/project (median cases) | | {(double.IsNaN(ratio) ? "baseline never found it" : ratio.ToString("0.#", CultureInfo.InvariantCulture) + "x")} | | |");
        }
    }


    private static FindingStatistics Measure<TCase>(Invariant<TCase> invariant, Model model, string? walker, int seeds,
        Func<RunConfig, Arbitrary<TCase>> arbitrary, Func<TCase, bool> minimal)
        where TCase : notnull
    {
        var found = new List<int>();
        var cases = new List<double>();
        var millis = new List<double>();
        var minimals = 0;
        for (var i = 0; i < seeds; i++)
        {
            var config = new RunConfig(Budget, new Seed(0x5eed_0000UL + (ulong)i * 7919, 0x9e37_79b9_7f4a_7c15UL | 1));
            var clock = Stopwatch.StartNew();
            var result = InvariantRunner.Run(invariant, model, walker, config, arbitrary(config));
            clock.Stop();
            if (result.Verdict != Verdict.Falsified)
                continue;
            found.Add(i);
            cases.Add(result.Tests);
            millis.Add(clock.Elapsed.TotalMilliseconds);
            if (result.Counterexample is TCase c && minimal(c))
                minimals++;
        }
        return new FindingStatistics(found, cases, millis, minimals);
    }
}
