using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.OtherCpus;
using PgtableInvariants.Walkers.GupFast;

namespace PgtableInvariants.Walkers;

/// <summary>How to run a walk.</summary>
/// <param name="StackLayout">What the compiler placed next to the walker's on-stack copies.</param>
/// <param name="Write">The access is a write (<c>FOLL_WRITE</c>).</param>
/// <param name="Trace">Record every step and access (off for throughput measurements).</param>
/// <param name="StepBudget">Loop iterations allowed before the walk is stopped as runaway.</param>
/// <param name="Call">The entry point a gup_fast walk stands for (the other walkers ignore it).</param>
/// <param name="OtherCpus">Another CPU's operations and where they fall between the walker's loads; none by default.</param>
public sealed record WalkOptions(
    StackLayout StackLayout = StackLayout.CallerCopy,
    bool Write = false,
    bool Trace = true,
    int StepBudget = 1 << 20,
    GupCall Call = GupCall.GetUserPagesFast,
    Interleaving? OtherCpus = null)
{
    public static WalkOptions Default { get; } = new();
}
