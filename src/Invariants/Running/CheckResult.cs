using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Running;

/// <summary>The verdict of one cell with everything a reader needs: the expectation, the number of cases run, the
/// replay seed, and for a falsified cell the original and the shrunk counterexample with its violation and the
/// traced walk that explains it, and whether the shrink ran out of attempts before it reached a smallest case.</summary>
public sealed record CheckResult(
    string Invariant,
    string Model,
    string? Walker,
    Expectation Expected,
    Verdict Verdict,
    int Tests,
    Seed Seed,
    object? Original = null,
    object? Counterexample = null,
    string? Violation = null,
    WalkResult? Walk = null,
    int Shrinks = 0,
    bool ShrinkAttemptsSpent = false)
{
    /// <summary>How the cell was checked (cases, seed, kernel code), so its counterexample can be reproduced.</summary>
    public RunConfig? Config { get; init; }

    /// <summary>True when the verdict is the one the catalogue expects.</summary>
    public bool AsExpected => Verdict == Expected.Verdict;

    public override string ToString() =>
        $"{Invariant} on {Model}{(Walker is null ? "" : $" / {Walker}")}: {Verdict} (expected {Expected}) after {Tests} tests, seed {Seed}"
        + (Counterexample is null ? "" : $"\n{Violation}\n{Counterexample}");
}
