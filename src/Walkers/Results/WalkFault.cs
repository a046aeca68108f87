using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Walkers.Results;

/// <summary>Why a walk stopped abnormally: a faulting memory access (an oops, or a KASAN report), or a loop that
/// ran out of its step budget. It is a result, never an exception.</summary>
/// <param name="Kind">A faulting access, or the step budget.</param>
/// <param name="Memory">The faulting access, for a memory fault.</param>
/// <param name="Step">The <see cref="Tracing.WalkStep.Number"/> of the fault's step in the trace; 0 for an untraced walk.</param>
public sealed record WalkFault(WalkFaultKind Kind, MemoryFault? Memory, int Step)
{
    public override string ToString() => Kind == WalkFaultKind.StepBudget
        ? $"step budget exhausted at step {Step}"
        : $"{Memory} at step {Step}";
}

/// <summary>The kind of a <see cref="WalkFault"/>.</summary>
public enum WalkFaultKind
{
    Memory,
    StepBudget,
}
