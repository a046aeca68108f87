namespace PgtableInvariants.Arch.OtherCpus;

/// <summary>One kernel operation another CPU makes (<c>munmap</c> of a range), as the steps it really makes, in order.</summary>
/// <param name="Name">How a trace names it: <c>munmap(0x200000, 0x1000)</c>.</param>
/// <param name="Steps">Its stores, waits and frees, in program order.</param>
public sealed record OtherCpuOperation(string Name, IReadOnlyList<OtherCpuStep> Steps)
{
    public override string ToString() => Name;
}
