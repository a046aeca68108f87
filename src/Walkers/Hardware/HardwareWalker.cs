using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Walkers.Hardware;

/// <summary>The model's hardware translation, page by page, as a walker: the oracle's view of a range.</summary>
/// <remarks>An exception is a one-page hole of depth -1 with the exception named in the trace.</remarks>
public sealed class HardwareWalker(IMmu mmu) : IWalker
{
    public string Name => "hardware";

    public WalkResult Walk(AddressSpace mm, WalkRange range, WalkOptions options)
    {
        var ctx = new WalkContext(mm, range, options);
        var access = options.Write ? Access.Write : Access.Read;
        foreach (var va in range.EachPage())
        {
            if (!ctx.Tick())
                break;
            ctx.Enter("translate", va, va + ctx.PageSize);
            var translation = ctx.Translate(mmu, va, access);
            if (translation.Pfn is { } pfn)
                ctx.Found("translate", va, pfn, 1);
            else
            {
                ctx.Decide("translate", Decision.Hole, note: translation.Fault!.ToString());
                ctx.Hole(va, va + ctx.PageSize, -1);
            }
            ctx.Leave();
        }
        return ctx.Finish(Name, range);
    }
}
