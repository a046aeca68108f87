using FsCheck;
using FsCheck.Fluent;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Reporting;
using PgtableInvariants.Invariants.Running;
using Outcome = PgtableInvariants.Invariants.Catalogue.Outcome;

namespace PgtableInvariants.Properties.Invariants;

/// <summary>A shrink that FsCheck stops when its attempts run out is reported as stopped, not as a smallest case.</summary>
public sealed class ShrinkAttemptsTests
{
    /// <summary>Fails on every case and shrinks each case to a larger one, so no shrink ever reaches an end.</summary>
    private sealed class NeverSmallest : Invariant<int>
    {
        public override string Id => "never-smallest";

        public override string Statement => "fails on every case, and every case has another that fails";

        public override Expectation Expect(Model model, string? walker) => Expectation.Falsified("it fails on every case");

        public override Arbitrary<int> Arbitrary(Model model, string? walker, RunConfig config) => Arb.From(Gen.Constant(0), n => [n + 1]);

        public override Outcome Evaluate(int c, string? walker, RunConfig config, bool trace) => Outcome.Violated($"case {c}");
    }

    [Fact]
    public void A_shrink_that_spends_fsChecks_attempts_says_a_smaller_counterexample_may_exist()
    {
        var result = new NeverSmallest().Check(ModelCatalogue.Find("x86-64/4level")!, null, new RunConfig());
        Assert.Equal(Verdict.Falsified, result.Verdict);
        Assert.Equal(InvariantRunner.ShrinkAttempts, result.Shrinks);
        Assert.True(result.ShrinkAttemptsSpent);
        Assert.Contains("and stopped: a smaller counterexample may exist", CheckReport.Render(result), StringComparison.Ordinal);
    }

    [Fact]
    public void A_shrink_that_ends_at_a_smallest_case_does_not()
    {
        var result = InvariantCatalogue.Find("gup-fast-prefix")!.Check(ModelCatalogue.Find("s390/3level")!, "gup-fast/v5.8", new RunConfig());
        Assert.Equal(Verdict.Falsified, result.Verdict);
        Assert.False(result.ShrinkAttemptsSpent);
        Assert.DoesNotContain("smaller counterexample", CheckReport.Render(result), StringComparison.Ordinal);
    }
}
