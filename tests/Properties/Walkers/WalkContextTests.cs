using PgtableInvariants.Arch;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Properties.Walkers;

/// <summary>What every walker's state keeps: runs of consecutive pages, holes joined only when they continue each other
/// at one depth, a budget of loop iterations, and stack copies that die with the walk.</summary>
public sealed class WalkContextTests
{
    private static readonly Model Model = ModelCatalogue.X86FourLevel;
    private static readonly WalkRange Range = WalkRange.Create(0, 0x10_0000);

    private static WalkContext Context(WalkOptions? options = null) => new(Model.NewAddressSpace(), Range, options ?? WalkOptions.Default);

    private static VirtualAddress Va(ulong va) => new(va);

    [Fact] // record_subpages / pte_entry report page by page; a run is pages consecutive in both va and pfn.
    public void Pages_JoinARun_OnlyWhenVaAndPfnBothContinueIt()
    {
        var ctx = Context();
        ctx.Found("pte_entry", Va(0x1000), new Pfn(0x10), 1);
        ctx.Found("pte_entry", Va(0x2000), new Pfn(0x11), 2);
        ctx.Found("pte_entry", Va(0x4000), new Pfn(0x20), 1);
        ctx.Found("pte_entry", Va(0x6000), new Pfn(0x21), 1);
        Assert.Equal(
            [new PageRun(Va(0x1000), new Pfn(0x10), 3), new PageRun(Va(0x4000), new Pfn(0x20), 1), new PageRun(Va(0x6000), new Pfn(0x21), 1)],
            ctx.Finish("test", Range).Pages);
    }

    [Fact] // pte_hole: a hole joins the one before only when it starts where that one ends, at the same depth.
    public void Holes_JoinOnlyWhenTheyContinueEachOtherAtOneDepth()
    {
        var ctx = Context();
        ctx.Hole(Va(0), Va(0x1000), 4);
        ctx.Hole(Va(0x1000), Va(0x2000), 4);
        ctx.Hole(Va(0x3000), Va(0x4000), 4);
        ctx.Hole(Va(0x4000), Va(0x5000), 3);
        ctx.Hole(Va(0x5000), Va(0x20_0000), 3);
        Assert.Equal(
            [new Hole(Va(0), Va(0x2000), 4), new Hole(Va(0x3000), Va(0x4000), 4), new Hole(Va(0x4000), Va(0x20_0000), 3)],
            ctx.Finish("test", Range).Holes);
    }

    [Fact] // Each loop iteration spends one step; the one past the budget stops the walk with a fault on a step of its own.
    public void Tick_PastTheBudget_StopsTheWalkWithAFaultStep()
    {
        var ctx = Context(new WalkOptions(StepBudget: 2));
        ctx.Enter("walk_pgd_range", Va(0), Va(0x10_0000));
        Assert.True(ctx.Tick());
        Assert.True(ctx.Tick());
        Assert.False(ctx.Stopped);
        Assert.False(ctx.Tick());
        Assert.True(ctx.Stopped);
        var result = ctx.Finish("test", Range);
        var last = result.Trace.Steps[^1];
        Assert.Equal(new WalkFault(WalkFaultKind.StepBudget, null, last.Number), result.Fault);
        Assert.Equal(("step budget", Decision.Fault, 1), (last.Helper, last.Decision, last.Depth));
    }

    [Fact] // The copies a walk spilled die with it: the stack is where it was, so a second walk sees the same addresses.
    public void Finish_PopsTheStackCopiesOfTheWalk()
    {
        var mm = Model.NewAddressSpace();
        var before = mm.Memory.Stack.Pointer;
        var ctx = new WalkContext(mm, Range, WalkOptions.Default);
        ctx.Enter("gup_pgd_range", Va(0), Va(0x10_0000));
        ctx.Spill(new Entry(Level.Pgd, 0x1067), "pgd");
        Assert.NotEqual(before, mm.Memory.Stack.Pointer);
        ctx.Finish("test", Range);
        Assert.Equal(before, mm.Memory.Stack.Pointer);
    }

    [Fact] // A range counts pages of one size; a walker refuses a range of another configuration's pages.
    public void Range_OfAnotherPageSize_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new WalkContext(Model.NewAddressSpace(), WalkRange.Create(0, 0x8000, 14), WalkOptions.Default));
        Assert.Equal("range", e.ParamName);
        Assert.Equal($"[0x0, 0x8000) counts pages of 2^14 bytes; {Model.Arch.Name} has PAGE_SHIFT 12", Guard.Problem(e));
    }
}
