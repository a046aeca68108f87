using PgtableInvariants.Arch;
using PgtableInvariants.Arch.Addresses;

namespace PgtableInvariants.Walkers.Results;

/// <summary>A page-aligned range <c>[Start, End)</c> of pages of <see cref="PageShift"/>; <c>End == 0</c> means the top of
/// the 64-bit space, as <c>pXd_addr_end</c> allows.</summary>
public readonly record struct WalkRange
{
    private WalkRange(VirtualAddress start, VirtualAddress end, int pageShift)
    {
        Start = start;
        End = end;
        PageShift = pageShift;
    }

    public VirtualAddress Start { get; }

    public VirtualAddress End { get; }

    /// <summary>The <c>PAGE_SHIFT</c> of the configuration walked: 12, or arm64's 14 and 16.</summary>
    public int PageShift { get; }

    /// <summary><c>PAGE_SIZE</c>.</summary>
    public ulong PageSize => 1UL << PageShift;

    /// <summary>True when the range runs to the top of the space (<c>End == 0</c>).</summary>
    public bool ToTop => End.Value == 0;

    /// <summary>Number of pages: 2^52 4K pages for the whole space <c>[0, 0)</c>, which <c>end - start</c> alone would call empty.</summary>
    public ulong Pages => (unchecked(End.Value - Start.Value - 1) >> PageShift) + 1;

    /// <summary>A range of pages of <paramref name="pageShift"/> (4K unless given); both ends page-aligned,
    /// <paramref name="end"/> above <paramref name="start"/> or 0. Walkers refuse a range of another page size than
    /// their configuration's.</summary>
    public static WalkRange Create(VirtualAddress start, VirtualAddress end, int pageShift = 12)
    {
        var size = 1UL << pageShift;
        Guard.Argument(start.IsAligned(size), nameof(start), $"{start} is not {Arch.Entries.PageSize.Format(size)}-page-aligned");
        Guard.Argument(end.IsAligned(size), nameof(end), $"{end} is not {Arch.Entries.PageSize.Format(size)}-page-aligned");
        Guard.Argument(end > start || end.Value == 0, nameof(end), $"{end} is not above {start} (0 means the top)");
        return new WalkRange(start, end, pageShift);
    }

    public static WalkRange Create(ulong start, ulong end, int pageShift = 12) =>
        Create(new VirtualAddress(start), new VirtualAddress(end), pageShift);

    /// <summary>The same bounds moved: <c>[start, end)</c> of this range's page size.</summary>
    public WalkRange With(VirtualAddress start, VirtualAddress end) => Create(start, end, PageShift);

    /// <summary>True when <paramref name="va"/> lies inside.</summary>
    public bool Contains(VirtualAddress va) => va >= Start && (ToTop || va < End);

    /// <summary>Every page, in order.</summary>
    public IEnumerable<VirtualAddress> EachPage()
    {
        for (var va = Start; ; va += PageSize)
        {
            yield return va;
            if (va.Value >= End.Value - PageSize)
                yield break;
        }
    }

    public override string ToString() => $"[{Start}, {(ToTop ? "top" : End.ToString())})";
}
