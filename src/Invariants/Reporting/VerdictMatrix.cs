using System.Text;
using PgtableInvariants.Invariants.Running;

namespace PgtableInvariants.Invariants.Reporting;

/// <summary>The verdict matrix: one line per (invariant, model, walker) with the verdict, the expectation and, where
/// the cell is not expected to hold, the reason. Stable text, so a changed verdict shows as a one-line diff.</summary>
public static class VerdictMatrix
{
    public static string Render(IEnumerable<CheckResult> results)
    {
        var text = new StringBuilder();
        text.Append($"{"invariant",-22} {"model",-22} {"walker",-29} {"verdict",-10} {"expected",-10} reason\n");
        foreach (var r in results)
        {
            var mark = r.AsExpected ? "" : "  <-- not as expected";
            text.Append($"{r.Invariant,-22} {r.Model,-22} {r.Walker ?? "-",-29} {CheckReport.Words(r.Verdict),-10} {CheckReport.Words(r.Expected.Verdict),-10} {r.Expected.Reason}{mark}".TrimEnd()).Append('\n');
        }
        return text.ToString();
    }
}
