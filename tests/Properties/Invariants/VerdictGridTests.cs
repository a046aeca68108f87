using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Reporting;
using PgtableInvariants.Invariants.Running;

namespace PgtableInvariants.Properties.Invariants;

/// <summary>The verdict grid: a row per invariant and walker (and later helper era), a column per configuration.</summary>
public sealed class VerdictGridTests
{
    private static readonly GridCell[] Cells =
    [
        new("gup-fast-prefix", "s390/3level", "gup-fast/v5.8", Verdict.Falsified, Verdict.Falsified),
        new("gup-fast-prefix", "x86-64/4level", "gup-fast/v5.8", Verdict.Holds, Verdict.Holds),
        new("gup-fast-prefix", "s390/3level@v6.12", "gup-fast/v6.12", Verdict.Falsified, Verdict.Holds),
        new("upgrade-preserves", "x86-64/4level", null, Verdict.NotApplicable, Verdict.NotApplicable),
        new("upgrade-preserves", "s390/3level", null, Verdict.Error, Verdict.Holds),
    ];

    private static string[] Lines => VerdictGrid.Render(Cells).TrimEnd('\n').Split('\n');

    [Fact]
    public void Grid_has_a_column_per_configuration_headed_by_its_architecture_and_shape()
    {
        Assert.Equal(VerdictGrid.Legend, Lines[0]);
        Assert.Equal("                                            s390    x86-64", Lines[2]);
        Assert.Equal("invariant          walker          helpers  3level  4level", Lines[3]);
    }

    [Fact]
    public void Grid_marks_an_unexpected_verdict_with_a_bang_and_leaves_a_missing_cell_blank()
    {
        Assert.Equal("gup-fast-prefix    gup-fast/v5.8            F       ok", Lines[4]);
        Assert.Equal("                   gup-fast/v6.12  @v6.12   !F", Lines[5]);
        Assert.Equal("", Lines[6]);
        Assert.Equal("upgrade-preserves                           !E      -", Lines[7]);
        Assert.Equal(8, Lines.Length);
    }

    [Fact]
    public void Grid_cell_of_a_result_has_its_configuration_and_helper_era()
    {
        var cell = GridCell.Of(new CheckResult("geometry", "s390/3level@v6.12", null, Expectation.Holds, Verdict.Holds, 1, new Seed(1, 1)));
        Assert.Equal("s390/3level", cell.Config);
        Assert.Equal("@v6.12", cell.ModelEra);
        Assert.Equal("ok", cell.Symbol);
    }
}
