using System.Globalization;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.KernelOracle;
using PgtableInvariants.Walkers;

namespace PgtableInvariants.Invariants.Running;

/// <summary>How to check a cell: the number of cases, the seed (a stable one per cell when not given), optionally one
/// stack layout for every walk case instead of all of them, the kernel code whose <c>kernel/…</c> walkers and
/// helpers the cell may use, optionally the shard of the cases to evaluate, and walkers beyond the catalogue's (a
/// mutant, a walker of one's own), found by name before the catalogue's.</summary>
/// <remarks>The environment variable <c>PGTABLE_SOAK</c> (a whole number from 1 to <see cref="MostSoak"/>) multiplies
/// the number of cases of <see cref="Default"/>, for soak runs.</remarks>
public sealed record RunConfig(int MaxTests = RunConfig.DefaultMaxTests, Seed? Seed = null, StackLayout? Layout = null, KernelCode? Kernel = null, Shard? Shard = null,
    IReadOnlyList<ModelWalker>? Walkers = null)
{
    public const int DefaultMaxTests = 200;

    /// <summary>The default, scaled by <c>PGTABLE_SOAK</c>.</summary>
    public static RunConfig Default => new(DefaultMaxTests * SoakFactor);

    /// <summary>The largest <c>PGTABLE_SOAK</c>: a million cases per cell, as <c>check --max-tests</c> allows.</summary>
    public const int MostSoak = 5000;

    /// <summary>The multiplier from <c>PGTABLE_SOAK</c>, 1 when unset or empty.</summary>
    /// <exception cref="InvalidOperationException">Anything else than a whole number from 1 to <see cref="MostSoak"/>:
    /// a soak that silently ran the default number of cases would be reported as a soak.</exception>
    public static int SoakFactor => Soak(Environment.GetEnvironmentVariable("PGTABLE_SOAK"));

    /// <summary>The multiplier <paramref name="value"/> of <c>PGTABLE_SOAK</c> asks for.</summary>
    /// <exception cref="InvalidOperationException">Not empty and not a whole number from 1 to <see cref="MostSoak"/>.</exception>
    public static int Soak(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return 1;
        // ASCII digits only: no sign, space, exponent or other script's digits.
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var factor) && factor is >= 1 and <= MostSoak)
            return factor;
        throw new InvalidOperationException(
            $"PGTABLE_SOAK='{value}' is not a whole number from 1 to {MostSoak}: it multiplies the {DefaultMaxTests} cases of every property (PGTABLE_SOAK=20 runs {20 * DefaultMaxTests}); unset it for the default");
    }
}
