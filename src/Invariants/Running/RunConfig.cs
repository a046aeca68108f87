using PgtableInvariants.Arch.Memory;
using PgtableInvariants.KernelOracle;

namespace PgtableInvariants.Invariants.Running;

/// <summary>How to check a cell: the number of cases, the seed (a stable one per cell when not given), optionally one
/// stack layout for every walk case instead of all of them, the kernel code whose <c>kernel/…</c> walkers and
/// helpers the cell may use, and optionally the shard of the cases to evaluate.</summary>
/// <remarks>The environment variable <c>PGTABLE_SOAK</c> (a whole number) multiplies the number of cases of
/// <see cref="Default"/>, for soak runs.</remarks>
public sealed record RunConfig(int MaxTests = RunConfig.DefaultMaxTests, Seed? Seed = null, StackLayout? Layout = null, KernelCode? Kernel = null, Shard? Shard = null)
{
    public const int DefaultMaxTests = 200;

    /// <summary>The default, scaled by <c>PGTABLE_SOAK</c>.</summary>
    public static RunConfig Default => new(DefaultMaxTests * SoakFactor);

    /// <summary>The multiplier from <c>PGTABLE_SOAK</c>, 1 when unset or not a positive number.</summary>
    public static int SoakFactor =>
        int.TryParse(Environment.GetEnvironmentVariable("PGTABLE_SOAK"), out var factor) && factor > 0 ? factor : 1;
}
