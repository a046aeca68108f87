using System.Text;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Running;

namespace PgtableInvariants.Invariants.Reporting;

/// <summary>One cell's result as text a kernel developer reads top to bottom: the invariant, the cell, what was
/// expected, the verdict with its seed, and for a falsified cell the violation, the shrunk counterexample and the
/// trace of the walk that shows it.</summary>
public static class CheckReport
{
    public static string Render(CheckResult result)
    {
        var invariant = InvariantCatalogue.Find(result.Invariant);
        var text = new StringBuilder()
            .Append("invariant       ").Append(result.Invariant).Append(": ").Append(invariant?.Statement).Append('\n')
            .Append("cell            ").Append(result.Model).Append(result.Walker is null ? "" : $" / {result.Walker}").Append('\n')
            .Append("expected        ").Append(Words(result.Expected.Verdict)).Append(result.Expected.Reason is null ? "" : $" ({result.Expected.Reason})").Append('\n')
            .Append("verdict         ").Append(Words(result.Verdict));
        if (result.Verdict == Verdict.Error)
            text.Append(" (not a verdict: ").Append(result.Violation).Append(')');
        else if (result.Verdict != Verdict.NotApplicable)
            text.Append($" after {result.Tests} tests{(result.Verdict == Verdict.Falsified ? $" and {result.Shrinks} shrinks" : "")}, seed {result.Seed}")
                .Append(result.ShrinkAttemptsSpent ? $" (the shrink used FsCheck's {InvariantRunner.ShrinkAttempts} attempts and stopped: a smaller counterexample may exist)" : "");
        text.Append('\n');
        if (result.Counterexample is not null)
        {
            text.Append("violation       ").Append(result.Violation).Append('\n')
                .Append("counterexample  ").Append(result.Counterexample.ToString()!.Replace("\n", "\n                ", StringComparison.Ordinal)).Append('\n')
                .Append("reproduce       ").Append(ReproduceCommand.For(result)).Append('\n');
        }
        if (result.Walk is { } walk && walk.Trace.Steps.Count > 0)
            text.Append("trace of ").Append(walk.Walker).Append(' ').Append(walk.Range).Append('\n').Append(walk.Trace.Render());
        return text.ToString();
    }

    /// <summary>A verdict in the matrix's words: holds, falsified, n/a.</summary>
    public static string Words(Verdict verdict) => verdict switch
    {
        Verdict.Holds => "holds",
        Verdict.Falsified => "falsified",
        Verdict.Error => "error",
        _ => "n/a",
    };
}
