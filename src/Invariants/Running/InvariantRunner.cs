using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Catalogue;
using Outcome = PgtableInvariants.Invariants.Catalogue.Outcome;

namespace PgtableInvariants.Invariants.Running;

/// <summary>Checks one invariant on one (model, walker) with FsCheck and returns the result as values.</summary>
public static class InvariantRunner
{
    public static CheckResult Run<TCase>(Invariant<TCase> invariant, Model model, string? walker, RunConfig config)
        where TCase : notnull =>
        Run(invariant, model, walker, config, invariant.Arbitrary(model, walker, config));

    /// <summary>Checks with cases from <paramref name="arbitrary"/> instead of the invariant's own (a baseline
    /// generator, in the benchmarks).</summary>
    public static CheckResult Run<TCase>(Invariant<TCase> invariant, Model model, string? walker, RunConfig config, Arbitrary<TCase> arbitrary)
        where TCase : notnull
    {
        var expected = invariant.Expect(model, walker);
        var seed = config.Seed ?? Seed.For(invariant.Id, model.Name, walker);
        if (expected.Verdict == Verdict.NotApplicable)
            return new CheckResult(invariant.Id, model.Name, walker, expected, Verdict.NotApplicable, 0, seed);

        var property = Prop.ForAll(arbitrary, c =>
        {
            var outcome = Evaluate(invariant, c, walker, trace: false);
            return outcome.Holds.Label(outcome.Violation ?? "");
        });
        var runner = new CapturingRunner();
        var replay = new Replay(new Rnd(seed.Value, seed.Gamma), FSharpOption<int>.None);
        Check.One(Config.Quick.WithMaxTest(config.MaxTests).WithReplay(FSharpOption<Replay>.Some(replay)).WithRunner(runner), property);

        switch (runner.Result)
        {
            case TestResult.Failed failed:
                var original = (TCase)failed.Item2.Head;
                var shrunk = (TCase)failed.Item3.Head;
                var explained = Evaluate(invariant, shrunk, walker, trace: true);
                return new CheckResult(invariant.Id, model.Name, walker, expected, Verdict.Falsified, failed.Item1.NumberOfTests, seed,
                    original, shrunk, explained.Violation ?? "violated", explained.Walk, failed.Item1.NumberOfShrinks);
            case TestResult.Passed passed:
                return new CheckResult(invariant.Id, model.Name, walker, expected, Verdict.Holds, passed.Item1.NumberOfTests, seed);
            default:
                throw new InvalidOperationException($"{invariant.Id}: FsCheck gave up ({runner.Result})");
        }
    }

    /// <summary>A check that throws is a defect of the model, not of the kernel code it models: it is reported as a
    /// violation so the run goes on and shows the case.</summary>
    private static Outcome Evaluate<TCase>(Invariant<TCase> invariant, TCase c, string? walker, bool trace)
        where TCase : notnull
    {
        try
        {
            return invariant.Evaluate(c, walker, trace);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
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
