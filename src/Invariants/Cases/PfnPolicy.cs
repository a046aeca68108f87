using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Invariants.Cases;

/// <summary>The frame a generated mapping of <c>va</c> gets: <c>va &gt;&gt; 12</c> where that is a valid data frame,
/// so a wrong page in a counterexample reads as the pfn of the wrong address.</summary>
/// <remarks>Above the page-table window (or an x86 pfn's 40 bits) the frame is folded into [2^36, 2^37) frames,
/// which keeps every huge alignment and never meets page-table memory.</remarks>
public static class PfnPolicy
{
    private const ulong FoldBase = 1UL << 36;

    public static Pfn For(VirtualAddress va, int pageShift)
    {
        var frame = va.Value >> pageShift;
        return frame < MachineMemory.KernelWindowBase >> pageShift
            ? new Pfn(frame)
            : new Pfn(FoldBase | (frame & (FoldBase - 1)));
    }
}
