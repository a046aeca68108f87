using PgtableInvariants.Arch;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Levels;

namespace PgtableInvariants.Walkers.Results;

/// <summary>A page-aligned range <c>[Start, End)</c>; <c>End == 0</c> means the top of the 64-bit space, as
/// <c>pXd_addr_end</c> allows.</summary>
public readonly record struct WalkRange
{
    private WalkRange(VirtualAddress start, VirtualAddress end)
    {
        Start = start;
        End = end;
    }

    public VirtualAddress Start { get; }

    public VirtualAddress End { get; }

    /// <summary>True when the range runs to the top of the space (<c>End == 0</c>).</summary>
    public bool ToTop => End.Value == 0;

    /// <summary>Number of 4 KiB pages: 2^52 for the whole space <c>[0, 0)</c>, which <c>end - start</c> alone would call empty.</summary>
    public ulong Pages => (unchecked(End.Value - Start.Value - 1) >> Geometry.PageShift) + 1;

    /// <summary>A range; both ends page-aligned, <paramref name="end"/> above <paramref name="start"/> or 0.</summary>
    public static WalkRange Create(VirtualAddress start, VirtualAddress end)
    {
        Guard.Argument(start.IsAligned(Geometry.PageSize), nameof(start), $"{start} is not page-aligned");
        Guard.Argument(end.IsAligned(Geometry.PageSize), nameof(end), $"{end} is not page-aligned");
        Guard.Argument(end > start || end.Value == 0, nameof(end), $"{end} is not above {start} (0 means the top)");
        return new WalkRange(start, end);
    }

    public static WalkRange Create(ulong start, ulong end) => Create(new VirtualAddress(start), new VirtualAddress(end));

    /// <summary>True when <paramref name="va"/> lies inside.</summary>
    public bool Contains(VirtualAddress va) => va >= Start && (ToTop || va < End);

    /// <summary>Every page, in order.</summary>
    public IEnumerable<VirtualAddress> EachPage()
    {
        for (var va = Start; ; va += Geometry.PageSize)
        {
            yield return va;
            if (va.Value >= End.Value - Geometry.PageSize)
                yield break;
        }
    }

    public override string ToString() => $"[{Start}, {(ToTop ? "top" : End.ToString())})";
}
