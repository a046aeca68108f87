using PgtableInvariants.Invariants.Running;

namespace PgtableInvariants.Properties.Invariants;

/// <summary><c>PGTABLE_SOAK</c> multiplies every property's cases; a value it cannot mean is refused, since a soak that
/// silently ran the default number of cases would be reported as a soak.</summary>
public sealed class SoakSettingTests
{
    [Theory]
    [InlineData(null, 1)]
    [InlineData("", 1)]
    [InlineData("1", 1)]
    [InlineData("20", 20)]
    [InlineData("5000", 5000)]
    public void Soak_is_a_whole_number_from_1_to_5000_or_unset(string? value, int factor) =>
        Assert.Equal(factor, RunConfig.Soak(value));

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("5001")]
    [InlineData("99999999999")]
    [InlineData("1e3")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("2.5")]
    [InlineData("\u0661\u0662")]
    public void Soak_that_is_no_whole_number_from_1_to_5000_is_refused_with_one_line(string value)
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => RunConfig.Soak(value));
        Assert.StartsWith($"PGTABLE_SOAK='{value}' is not a whole number from 1 to 5000", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refusal.Message);
    }
}
