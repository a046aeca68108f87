namespace PgtableInvariants.Arch.OtherCpus;

/// <summary>What another CPU did between two of the walker's loads: a step made, or a wait the walker holds up.</summary>
/// <param name="Cpu">The CPU's number (the walker is CPU 0).</param>
/// <param name="Operation">The operation the step belongs to.</param>
/// <param name="Step">The step.</param>
/// <param name="Held">True when the step is a wait that cannot end: the walker's CPU has interrupts off.</param>
/// <param name="GaveUp">True when the operation gave up at this step (a page it unmapped had a reference).</param>
public readonly record struct OtherCpuEvent(int Cpu, OtherCpuOperation Operation, OtherCpuStep Step, bool Held, bool GaveUp = false);
