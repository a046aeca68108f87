using System.Numerics;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Invariants.Cases;

/// <summary>The frame a generated mapping of <c>va</c> gets: <c>va &gt;&gt; 12</c> where that is a valid data frame,
/// so a wrong page in a counterexample reads as the pfn of the wrong address.</summary>
/// <remarks>Above the page-table window (or an x86 pfn's 40 bits) the frame is folded into the frames of
/// [2^(bits-4), 2^(bits-3)) bytes ([2^36, 2^37) 4K frames for 52-bit physical addresses), which keeps every huge
/// alignment and never meets page-table memory.</remarks>
public static class PfnPolicy
{
    /// <summary>The <paramref name="n"/>th frame aligned to <paramref name="frames"/>, wrapped into what <paramref name="arch"/>'s
    /// entries hold (<c>MaxPfn</c>: 2^36 4K frames for an arm64 kernel with 48-bit physical addresses).</summary>
    public static Pfn Aligned(IArchitecture arch, ulong n, ulong frames) =>
        new(n % ((arch.MaxPfn.Value >> BitOperations.Log2(frames)) + 1) * frames);

    /// <summary>The frame of <paramref name="va"/> on <paramref name="arch"/>.</summary>
    public static Pfn For(IArchitecture arch, VirtualAddress va)
    {
        var pageShift = arch.Geometry.PageShift;
        var bits = arch.PageTableMemoryBits;
        var foldBase = 1UL << (bits - 4 - pageShift);
        var frame = va.Value >> pageShift;
        return frame < MachineMemory.WindowBaseFor(bits) >> pageShift
            ? new Pfn(frame)
            : new Pfn(foldBase | (frame & (foldBase - 1)));
    }
}
