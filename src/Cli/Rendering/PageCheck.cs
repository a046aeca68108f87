using PgtableInvariants.Arch.Addresses;

namespace PgtableInvariants.Cli.Rendering;

/// <summary>One page of a traced range: the frame the walker found or pinned, and the frame the hardware reaches.</summary>
public sealed record PageCheck(VirtualAddress Va, Pfn? Pfn, Pfn? ExpectedPfn)
{
    /// <summary>The walker has a frame the hardware does not give for this address.</summary>
    public bool Wrong => Pfn is not null && Pfn != ExpectedPfn;
}
