using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers;
using Outcome = PgtableInvariants.Invariants.Catalogue.Outcome;

namespace PgtableInvariants.Invariants.Running;

/// <summary>Checks one invariant on one (model, walker) with FsCheck and returns the result as values.</summary>
public static class InvariantRunner
{
    /// <summary>The shrink attempts FsCheck makes at most, kept or not (<c>maxTotalShrinkNb</c> in its runner, not a
    /// setting): a shrink that used them all stopped where it was, not at a smallest case.</summary>
    public const int ShrinkAttempts = 5000;

    /// <summary>Checks the cell with the invariant's own cases, as many as it draws for the cases asked
    /// (<see cref="IInvariant.CasesPerAskedCase"/>).</summary>
    public static CheckResult Run<TCase>(Invariant<TCase> invariant, Model model, string? walker, RunConfig config)
        where TCase : notnull =>
        Search(invariant, model, walker, config, invariant.Arbitrary(model, walker, config), config.MaxTests * invariant.CasesPerAskedCase) with { Config = config };

    /// <summary>Checks with exactly <c>MaxTests</c> cases from <paramref name="arbitrary"/> instead of the invariant's own
    /// (a baseline generator in the benchmarks, whose budget is the figure they report).</summary>
    public static CheckResult Run<TCase>(Invariant<TCase> invariant, Model model, string? walker, RunConfig config, Arbitrary<TCase> arbitrary)
        where TCase : notnull =>
        Search(invariant, model, walker, config, arbitrary, config.MaxTests) with { Config = config };

    private static CheckResult Search<TCase>(Invariant<TCase> invariant, Model model, string? walker, RunConfig config, Arbitrary<TCase> arbitrary, int maxTests)
        where TCase : notnull
    {
        var expected = Expect(invariant, model, walker, config);
        var seed = config.Seed ?? Seed.For(invariant.Id, model.Name, walker);
        if (expected.Verdict == Verdict.NotApplicable)
            return new CheckResult(invariant.Id, model.Name, walker, expected, Verdict.NotApplicable, 0, seed);

        // A walker that fails (the kernel's code crashed, hung, reached a stub) gives no verdict: the first failure
        // is kept, the remaining cases pass untouched so FsCheck does not shrink on it, and the cell reports it.
        // With a shard, a case that is not the shard's is not even generated: FsCheck gives each case a random stream
        // split off before it (Runner.stepsSeq), so skipping one changes no other, and Gen.Sized hands the inner
        // generator the very stream it would have had. A skipped case passes; once a case fails, FsCheck only shrinks
        // it, so that shrink is the one an unsharded run does from the same case.
        WalkerError? error = null;
        var number = 0;
        var skipped = false;
        var evaluated = 0;
        // FsCheck tries a candidate as it takes it from the shrinker, so the candidates taken are its attempts.
        var attempts = 0;
        IEnumerable<TCase> Counted(IEnumerable<TCase> candidates)
        {
            foreach (var candidate in candidates)
            {
                attempts++;
                yield return candidate;
            }
        }
        var cases = config.Shard is not { } shard ? Arb.From(arbitrary.Generator, c => Counted(arbitrary.Shrinker(c))) : Arb.From(
            Gen.Sized(_ => (skipped = !shard.Evaluates(number++)) ? Gen.Constant(default(TCase)!) : arbitrary.Generator),
            c => skipped ? [] : Counted(arbitrary.Shrinker(c))); // FsCheck asks for a passing case's shrinks too, lazily or not
        // A plain truth value a case: the violation of the shrunk case is told again, with its trace, below.
        var property = Prop.ForAll(cases, c =>
        {
            if (error is not null || skipped)
                return true;
            try
            {
                var holds = Evaluate(invariant, c, walker, config, trace: false).Holds;
                evaluated++;
                return holds;
            }
            catch (WalkerError e)
            {
                error = e;
                return true;
            }
        });
        var runner = new CapturingRunner();
        var replay = new Replay(new Rnd(seed.Value, seed.Gamma), FSharpOption<int>.None);
        Check.One(Config.Quick.WithMaxTest(maxTests).WithReplay(FSharpOption<Replay>.Some(replay)).WithRunner(runner), property);

        if (error is not null)
            return new CheckResult(invariant.Id, model.Name, walker, expected, Verdict.Error, 0, seed, Violation: error.Message);
        switch (runner.Result)
        {
            case TestResult.Failed failed:
                var original = (TCase)failed.Item2.Head;
                var shrunk = (TCase)failed.Item3.Head;
                Outcome explained;
                try
                {
                    explained = Evaluate(invariant, shrunk, walker, config, trace: true);
                }
                catch (WalkerError e)
                {
                    return new CheckResult(invariant.Id, model.Name, walker, expected, Verdict.Error, failed.Item1.NumberOfTests, seed, Violation: e.Message);
                }
                return new CheckResult(invariant.Id, model.Name, walker, expected, Verdict.Falsified, failed.Item1.NumberOfTests, seed,
                    original, shrunk, explained.Violation ?? "violated", explained.Walk, failed.Item1.NumberOfShrinks, attempts >= ShrinkAttempts);
            case TestResult.Passed passed:
                // A shard counts the cases it evaluated, so the shards' counts add up to the unsharded run's; a failing
                // case keeps FsCheck's number, which counts every case before it in every shard.
                return new CheckResult(invariant.Id, model.Name, walker, expected, Verdict.Holds, config.Shard is null ? passed.Item1.NumberOfTests : evaluated, seed);
            default:
                throw new InvalidOperationException($"{invariant.Id}: FsCheck gave up ({runner.Result})");
        }
    }

    /// <summary>What the catalogue expects; a kernel walker is expected to give what the model's walker of the tree's
    /// era gives, since the model claims to be that code.</summary>
    public static Expectation Expect(IInvariant invariant, Model model, string? walker, RunConfig config)
    {
        if (walker is null || KernelWalker.EntryPointOf(walker) is null || config.Kernel is null)
            return invariant.Expect(model, walker);
        var counterpart = KernelWalker.Counterpart(walker, config.Kernel.Tree.Era);
        var expected = invariant.ExpectOfKernel(model, counterpart, KernelWalker.CallOf(walker));
        return expected with { Reason = $"as the model's {counterpart}{(expected.Reason is null ? "" : ": " + expected.Reason)}" };
    }

    /// <summary>A check that throws is a defect of the model, not of the kernel code it models: it is reported as a
    /// violation so the run goes on and shows the case.</summary>
    private static Outcome Evaluate<TCase>(Invariant<TCase> invariant, TCase c, string? walker, RunConfig config, bool trace)
        where TCase : notnull
    {
        try
        {
            return invariant.Evaluate(c, walker, config, trace);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not WalkerError)
        {
            return Outcome.Violated($"the model threw {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Keeps FsCheck's result instead of printing it.</summary>
    private sealed class CapturingRunner : IRunner
    {
        public TestResult? Result { get; private set; }

        public void OnStartFixture(Type t)
        {
        }

        public void OnArguments(int ntest, Microsoft.FSharp.Collections.FSharpList<object> args, FSharpFunc<int, FSharpFunc<Microsoft.FSharp.Collections.FSharpList<object>, string>> every)
        {
        }

        public void OnShrink(Microsoft.FSharp.Collections.FSharpList<object> args, FSharpFunc<Microsoft.FSharp.Collections.FSharpList<object>, string> everyShrink)
        {
        }

        public void OnFinished(string name, TestResult testResult) => Result = testResult;
    }
}
