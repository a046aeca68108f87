using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Walkers.Results;

/// <summary>Why a walk stopped abnormally: a faulting memory access (an oops, or a KASAN report), a loop that ran out
/// of its step budget, or the kernel's own code dying of a signal in its server (the oops the kernel would have). It
/// is a result, never an exception.</summary>
/// <param name="Kind">A faulting access, the step budget, or an oops of the kernel's code.</param>
/// <param name="Memory">The faulting access, for a memory fault.</param>
/// <param name="Step">The <see cref="Tracing.WalkStep.Number"/> of the fault's step in the trace; 0 for an untraced walk.</param>
public sealed record WalkFault(WalkFaultKind Kind, MemoryFault? Memory, int Step)
{
    /// <summary>For an oops: the signal, and where the code was and what it touched, as its server reported them.</summary>
    public string? Detail { get; init; }

    /// <summary>The kernel's code died of a signal, reported as <paramref name="detail"/>.</summary>
    public static WalkFault Oops(string detail) => new(WalkFaultKind.Oops, null, 0) { Detail = detail };

    public override string ToString() => Kind switch
    {
        WalkFaultKind.StepBudget => $"step budget exhausted at step {Step}",
        WalkFaultKind.Oops => $"oops: {Detail}",
        _ => $"{Memory} at step {Step}",
    };
}

/// <summary>The kind of a <see cref="WalkFault"/>.</summary>
public enum WalkFaultKind
{
    Memory,
    StepBudget,

    /// <summary>The kernel's own code died of a signal (SIGSEGV: a kernel paging request it could not handle; SIGTRAP
    /// or SIGILL: a <c>BUG()</c>), every time it ran the case.</summary>
    Oops,
}
