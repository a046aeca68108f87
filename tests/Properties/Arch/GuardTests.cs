using PgtableInvariants.Arch;

namespace PgtableInvariants.Properties.Arch;

/// <summary>One message format for refused arguments, and the problem alone for a user who never named a parameter.</summary>
public sealed class GuardTests
{
    [Fact]
    public void Argument_NamesTheParameter_AndKeepsTheProblemInTheUsersWords()
    {
        var e = Assert.Throws<ArgumentException>(() => Guard.Argument(false, "va", "0x1001 is not 4K-aligned"));
        Assert.Equal("va", e.ParamName);
        Assert.StartsWith("va: 0x1001 is not 4K-aligned", e.Message, StringComparison.Ordinal);
        Assert.Equal("0x1001 is not 4K-aligned", Guard.Problem(e));
    }

    [Fact]
    public void Argument_ThatHolds_ThrowsNothing() => Guard.Argument(true, "va", "never seen");

    [Fact] // An ArgumentException from elsewhere (the BCL) has no problem of ours: its message is all there is.
    public void Problem_OfAnotherArgumentException_IsItsMessage() =>
        Assert.Equal("bad (Parameter 'x')", Guard.Problem(new ArgumentException("bad", "x")));

    [Fact]
    public void State_RefusesAnInconsistentModelWithTheProblem()
    {
        Assert.Equal("pgd cannot be folded", Assert.Throws<InvalidOperationException>(() => Guard.State(false, "pgd cannot be folded")).Message);
        Guard.State(true, "never seen");
    }

    [Fact]
    public void Argument_WithAnInterpolatedProblem_FormatsItWhenTheCheckFails()
    {
        const ulong va = 0x1001;
        var e = Assert.Throws<ArgumentException>(() => Guard.Argument(va % 4096 == 0, "va", $"0x{va:x} is not {4:d}K-aligned"));
        Assert.Equal("0x1001 is not 4K-aligned", Guard.Problem(e));
    }

    [Fact]
    public void State_WithAnInterpolatedProblem_FormatsItWhenTheCheckFails()
    {
        var level = "pgd";
        Assert.Equal("pgd cannot be folded", Assert.Throws<InvalidOperationException>(() => Guard.State(level != "pgd", $"{level} cannot be folded")).Message);
    }

    [Fact] // The reason for the handler: a check that holds never formats its message.
    public void ChecksThatHold_NeverFormatTheirInterpolatedProblems()
    {
        var value = new CountsItsFormatting();
        Guard.Argument(true, "va", $"{value} and {value:x}");
        Guard.State(true, $"{value}");
        Assert.Equal(0, value.Formatted);
    }

    private sealed class CountsItsFormatting : IFormattable
    {
        public int Formatted { get; private set; }

        public string ToString(string? format, IFormatProvider? formatProvider) => $"formatted {++Formatted}";

        public override string ToString() => ToString(null, null);
    }
}
