using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Hardware;

namespace PgtableInvariants.Cli.Rendering;

/// <summary>A run of <see cref="Pages"/> pages of a traced range from <see cref="Va"/> that the walker and the hardware
/// treat alike: the walker's frames from <see cref="Pfn"/> (or none), the hardware's from <see cref="ExpectedPfn"/> (or
/// the exception it raised at the run's first page), and the verdict.</summary>
public sealed record PageCheck(VirtualAddress Va, Pfn? Pfn, Pfn? ExpectedPfn, ulong Pages = 1, PageVerdict Verdict = PageVerdict.AsHardware,
    HardwareFault? ExpectedFault = null)
{
    /// <summary>The walker has a frame the hardware does not give for this address.</summary>
    public bool Wrong => Verdict == PageVerdict.Wrong;

    /// <summary><c>PAGE_SHIFT</c> of the pages counted.</summary>
    public required int PageShift { get; init; }

    /// <summary>First address after the run (0 at the top of the space).</summary>
    public VirtualAddress End => Va + (Pages << PageShift);

    /// <summary>True when this run shows the walk disagreeing with the hardware.</summary>
    public bool Disagrees => Verdict is PageVerdict.Wrong or PageVerdict.Missed;

    /// <summary>The hardware's answer at the run's first page: a frame, the exception, or <c>-</c> where it was not asked
    /// (a hole outside every mapping and every page the walker found).</summary>
    public string HardwareText => ExpectedPfn?.ToString() ?? ExpectedFault?.ToString() ?? "-";

    /// <summary>The verdict in the table's words.</summary>
    public string VerdictText => Words(Verdict);

    /// <summary>A verdict in the table's words: as hardware, wrong page, missed, left to slow gup, hole.</summary>
    public static string Words(PageVerdict verdict) => verdict switch
    {
        PageVerdict.AsHardware => "as hardware",
        PageVerdict.Wrong => "wrong page",
        PageVerdict.Missed => "missed",
        PageVerdict.LeftToSlowGup => "left to slow gup",
        _ => "hole",
    };

    /// <summary>The run's pages as a kernel developer writes a range: <c>0x7ffff000..0x80001000</c>.</summary>
    public string RangeText => $"{Va}..{(End.Value == 0 ? "top" : End.ToString())}";
}
