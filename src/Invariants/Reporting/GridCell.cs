using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Running;

namespace PgtableInvariants.Invariants.Reporting;

/// <summary>What the verdict grid shows of one cell: where it sits, its verdict and the verdict expected.</summary>
public sealed record GridCell(string Invariant, string Model, string? Walker, Verdict Verdict, Verdict Expected)
{
    public static GridCell Of(CheckResult result) =>
        new(result.Invariant, result.Model, result.Walker, result.Verdict, result.Expected.Verdict);

    /// <summary>The model's configuration, the grid's column: <c>s390/3level</c> for <c>s390/3level@v6.12</c>.</summary>
    public string Config => Model.Split('@')[0];

    /// <summary>The era of the model's helpers when it is not the first one (<c>@v6.12</c>), else empty.</summary>
    public string ModelEra => Model.Contains('@', StringComparison.Ordinal) ? Model[Model.IndexOf('@', StringComparison.Ordinal)..] : "";

    /// <summary>The grid's symbol: <c>ok</c>, <c>F</c>, <c>-</c> or <c>E</c>, with <c>!</c> before it when it is not
    /// the expected verdict.</summary>
    public string Symbol => (Verdict == Expected ? "" : "!") + Verdict switch
    {
        Verdict.Holds => "ok",
        Verdict.Falsified => "F",
        Verdict.NotApplicable => "-",
        _ => "E",
    };
}
