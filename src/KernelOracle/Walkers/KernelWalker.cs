using System.Globalization;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.KernelOracle.Protocol;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.GupFast;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.KernelOracle.Walkers;

/// <summary>A walker that is the kernel's own compiled code: the address space is mirrored into the server, the
/// real function runs on it, and its answer becomes a <see cref="WalkResult"/> (pages, holes, the function's return
/// value and the reference counts it left; no step trace — the model's walker of the same era shows the steps).</summary>
public sealed class KernelWalker(KernelCode kernel, Model model, KernelEntryPoint entry) : IWalker
{
    public const string GupFastName = "kernel/gup-fast";
    public const string GupFastOnlyName = "kernel/gup-fast-only";
    public const string PageWalkName = "kernel/pagewalk";

    /// <summary>Every kernel walker, in a stable order.</summary>
    public static IReadOnlyList<string> Names { get; } = [GupFastName, GupFastOnlyName, PageWalkName];

    /// <summary>The kernel's gup walkers.</summary>
    public static IReadOnlyList<string> GupNames { get; } = [GupFastName, GupFastOnlyName];

    /// <summary>The entry point called <paramref name="name"/>, or null.</summary>
    public static KernelEntryPoint? EntryPointOf(string name) => name switch
    {
        GupFastName => KernelEntryPoint.GupFast,
        GupFastOnlyName => KernelEntryPoint.GupFastOnly,
        PageWalkName => KernelEntryPoint.PageWalk,
        _ => null,
    };

    /// <summary>What each kernel walker runs, in one line.</summary>
    public static string Describe(string name) => name switch
    {
        GupFastName => "the tree's get_user_pages_fast up to its fallback to slow gup: what its fast path pins; needs --kernel-tree",
        GupFastOnlyName => "the tree's get_user_pages_fast_only (6.12: gup_fast_fallback with FOLL_FAST_ONLY); needs --kernel-tree",
        PageWalkName => "the tree's walk_page_range_novma with ops reporting leaves and holes; needs --kernel-tree",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown kernel walker"),
    };

    /// <summary>The gup entry point a kernel walker calls (the model's gup_fast is walked the same way).</summary>
    public static GupCall CallOf(string kernelWalker) =>
        kernelWalker == GupFastOnlyName ? GupCall.GetUserPagesFastOnly : GupCall.GetUserPagesFast;

    /// <summary>The model's walker that models <paramref name="kernelWalker"/> in a tree of <paramref name="era"/>: the
    /// one of its kind whose eras hold <paramref name="era"/>.</summary>
    public static string Counterpart(string kernelWalker, KernelEra era) =>
        WalkerCatalogue.InEra(kernelWalker == PageWalkName ? WalkerCatalogue.PageWalkKind : WalkerCatalogue.GupFastKind, era)!;

    public string Name => entry switch
    {
        KernelEntryPoint.GupFast => GupFastName,
        KernelEntryPoint.GupFastOnly => GupFastOnlyName,
        _ => PageWalkName,
    };

    public WalkResult Walk(AddressSpace mm, WalkRange range, WalkOptions options) =>
        Result(mm, range, options, kernel.RunWalk(model, mm, Query(range, options)));

    /// <summary>The walk with another CPU's <paramref name="stores"/> made at the walker's <c>rcu_read_lock()</c> calls
    /// (<see cref="ArmedStore"/>), after the server learnt the frames of <paramref name="newMappings"/>; with the calls it
    /// made and the stores made (null after an oops). Null when this build has nowhere to stop (see
    /// <see cref="KernelCode.RunWalkUnderWriter"/>).</summary>
    public (WalkResult Walk, long? RcuReadLocks, long? StoresMade)? WalkUnderWriter(AddressSpace mm, WalkRange range, WalkOptions options,
        IReadOnlyList<ArmedStore> stores, IReadOnlyList<Mapping> newMappings) =>
        kernel.RunWalkUnderWriter(model, mm, Query(range, options), stores, newMappings) is { } run
            ? (Result(mm, range, options, run.Walk), run.RcuReadLocks, run.StoresMade)
            : null;

    private string Query(WalkRange range, WalkOptions options) => entry switch
    {
        KernelEntryPoint.PageWalk => $"walk {Hex(range.Start.Value)} {Hex(range.End.Value)}",
        _ => $"gup {(entry == KernelEntryPoint.GupFast ? "full" : "fast-only")} {Hex(range.Start.Value)} {Hex(range.Pages)} {(options.Write ? 1 : 0)}",
    };

    private WalkResult Result(AddressSpace mm, WalkRange range, WalkOptions options, OracleAnswer answer) =>
        answer.ErrorKind == "signal" ? Oops(range, answer, options.Write)
        : entry == KernelEntryPoint.PageWalk ? WalkAnswer(mm, range, answer)
        : GupAnswer(range, answer, options.Write);

    /// <summary>The code died of a signal each time it ran the walk: in the kernel, an oops (a kernel paging request
    /// it cannot handle, or a <c>BUG()</c>). Nothing is returned and no count can be read.</summary>
    private WalkResult Oops(WalkRange range, OracleAnswer answer, bool write) =>
        new(Name, range, [], [], WalkFault.Oops($"the kernel's {Name} died of {answer.Line["error signal ".Length..]}"), 0, WalkTrace.Empty)
        {
            FollWrite = write && entry != KernelEntryPoint.PageWalk,
        };

    /// <summary><c>ok RET PFN… ; PFN:REF…</c>; RET is <c>fell:N</c> when <c>get_user_pages_fast</c> went on into the
    /// slow path after its fast path took N pages (the function then never returns here).</summary>
    private WalkResult GupAnswer(WalkRange range, OracleAnswer answer, bool write)
    {
        var fields = answer.Fields;
        var fell = fields.Count > 0 && fields[0].StartsWith("fell:", StringComparison.Ordinal);
        long? returned = fell ? null : Decimal(fields, 0, answer);
        var separator = IndexOf(fields, ";");
        var pages = new List<PageRun>();
        for (var i = 1; i < separator; i++)
        {
            var va = range.Start + ((ulong)(i - 1) << range.PageShift);
            var pfn = new Pfn(HexField(fields[i], answer));
            if (pages.Count > 0 && pages[^1] is var last && last.Va + (last.Pages << range.PageShift) == va && last.Pfn + last.Pages == pfn)
                pages[^1] = last with { Pages = last.Pages + 1 };
            else
                pages.Add(new PageRun(va, pfn, 1));
        }
        // FOLL_WRITE as the caller asked: 5.8's forcing inside get_user_pages_fast is not visible from here.
        var references = fields.Skip(separator + 1).Select(f => f.Split(':')).Select(kv => kv.Length == 2
                ? new PageReference(new Pfn(HexField(kv[0], answer)), (int)Decimal(kv, 1, answer))
                : throw OracleError.Malformed(answer))
            .OrderBy(r => r.Head).ToList();
        return new WalkResult(Name, range, pages, [], null, 0, WalkTrace.Empty) { Returned = returned, References = references, FollWrite = write };
    }

    /// <summary><c>ok RET leaf:LEVEL:ADDR:NEXT:VALUE:PFN… hole:START:END:DEPTH…</c></summary>
    private WalkResult WalkAnswer(AddressSpace mm, WalkRange range, OracleAnswer answer)
    {
        var fields = answer.Fields;
        var pages = new List<PageRun>();
        var holes = new List<Hole>();
        foreach (var record in fields.Skip(1).Select(f => f.Split(':')))
        {
            if (record is ["leaf", var level, var addr, var next, _, var pfn])
            {
                var geometry = mm.Arch.Geometry;
                var start = new VirtualAddress(HexField(addr, answer));
                var frames = unchecked(HexField(next, answer) - start.Value) >> geometry.PageShift;
                var within = (start.Value & ~geometry[LevelNamed(level, answer)].Mask) >> geometry.PageShift;
                pages.Add(new PageRun(start, new Pfn(HexField(pfn, answer)) + within, frames));
            }
            else if (record is ["hole", var start, var end, var depth])
            {
                var hole = new Hole(new VirtualAddress(HexField(start, answer)), new VirtualAddress(HexField(end, answer)), (int)Decimal([depth], 0, answer));
                // Consecutive pte_hole calls of one depth are one run, as every walk result reports holes.
                if (holes.Count > 0 && holes[^1] is var last && last.End == hole.Start && last.Depth == hole.Depth)
                    holes[^1] = last with { End = hole.End };
                else
                    holes.Add(hole);
            }
            else
            {
                throw OracleError.Malformed(answer);
            }
        }
        return new WalkResult(Name, range, pages, holes, null, 0, WalkTrace.Empty) { Returned = Decimal(fields, 0, answer) };
    }

    private static Level LevelNamed(string name, OracleAnswer answer) =>
        LevelExtensions.TopDown.Where(l => l.Name() == name).Select(l => (Level?)l).FirstOrDefault() ?? throw OracleError.Malformed(answer);

    private static int IndexOf(IReadOnlyList<string> fields, string word)
    {
        for (var i = 0; i < fields.Count; i++)
            if (fields[i] == word)
                return i;
        return fields.Count;
    }

    private static long Decimal(IReadOnlyList<string> fields, int index, OracleAnswer answer) =>
        index < fields.Count && long.TryParse(fields[index], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw OracleError.Malformed(answer);

    private static ulong HexField(string text, OracleAnswer answer) =>
        ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var n) ? n : throw OracleError.Malformed(answer);

    private static string Hex(ulong value) => value.ToString("x", CultureInfo.InvariantCulture);
}
