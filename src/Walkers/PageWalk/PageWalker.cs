using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Walkers.PageWalk;

/// <summary>mm/pagewalk.c's walk without a VMA (<c>walk_page_range_novma</c>, <c>no_vma</c>) in the shape of one era:
/// real table pointers at every level, <c>pXd_offset</c> once, then <c>pXd++</c> and <c>pXd_addr_end</c>;
/// <c>pte_hole</c> with its <c>real_depth</c>. Its ops report a huge leaf whole from <c>pud_entry</c>/<c>pmd_entry</c>
/// (ACTION_CONTINUE) and a present pte from <c>pte_entry</c>.</summary>
/// <remarks>Each <c>*pud</c> the walk functions' source makes is a load here too: <c>pud_none(*pud)</c>, the op,
/// <c>pud_leaf(*pud)</c>, <c>pud_present(*pud)</c> and, until 6.11, <c>pud_none(*pud)</c> again before the descent read
/// the entry anew, as the kernel does under the mmap lock (a compiler may merge two of them, not across the ops'
/// indirect calls). <c>pXd_none_or_clear_bad</c>, one inline helper, is one load.</remarks>
public sealed class PageWalker(PageWalkShape shape) : IWalker
{
    private static readonly HelperNames OffsetName = HelperNames.Of(n => $"{n}_offset");
    private static readonly HelperNames RangeName = HelperNames.Of(n => $"walk_{n}_range");
    private static readonly HelperNames NoneName = HelperNames.Of(n => $"{n}_none(*{n})");
    private static readonly HelperNames EntryName = HelperNames.Of(n => $"{n}_entry(*{n})");
    private static readonly HelperNames EntryOp = HelperNames.Of(n => $"{n}_entry");
    private static readonly HelperNames LeafName = HelperNames.Of(n => $"{n}_leaf(*{n})");
    private static readonly HelperNames NotPresentName = HelperNames.Of(n => $"!{n}_present(*{n})");
    private static readonly HelperNames NoneOrClearBadName = HelperNames.Of(n => $"{n}_none_or_clear_bad(*{n})");
    private static readonly HelperNames ClearBadName = HelperNames.Of(n => $"{n}_clear_bad");
    private static readonly HelperNames DerefName = HelperNames.Of(n => $"*{n}");
    private const string ActionAgain = "walk->action = ACTION_AGAIN";

    /// <summary>What a walk function leaves in <c>walk-&gt;action</c> for its caller: only ACTION_AGAIN matters to it.</summary>
    private enum Action
    {
        /// <summary>Go on with the next entry.</summary>
        Subtree,

        /// <summary>Redo this entry (<c>goto again</c>).</summary>
        Again,
    }

    public PageWalkShape Shape { get; } = shape;

    public string Name => Shape.Name;

    public WalkResult Walk(AddressSpace mm, WalkRange range, WalkOptions options)
    {
        var ctx = new WalkContext(mm, range, options);
        ctx.Enter(Shape.Entry, range.Start, range.End);
        // Every era refuses start >= end with -EINVAL (5.8 mm/pagewalk.c:453, 6.1 :514, 6.12 :595): a range that ends at
        // the top of the space, end == 0, is refused, not walked.
        if (range.Start.Value >= range.End.Value)
            ctx.Decide("start >= end", Decision.Stop, note: "-EINVAL");
        else
        {
            ctx.Enter("walk_pgd_range", range.Start, range.End);
            WalkPgdRange(ctx, range.Start, range.End);
            ctx.Leave();
        }
        ctx.Leave();
        return ctx.Finish(Name, range);
    }

    private void WalkPgdRange(WalkContext ctx, VirtualAddress addr, VirtualAddress end)
    {
        var arch = ctx.Arch;
        var pgd = ctx.Pointer("pgd_offset", arch.PgdOffset(ctx.Cpu, ctx.Mm, addr));
        while (!ctx.Stopped && ctx.Tick())
        {
            var next = Next(ctx, pgd, addr, end);
            if (NoneOrClearBad(ctx, pgd))
                ctx.Hole(addr, next, 0);
            else
                WalkP4dRange(ctx, pgd, addr, next);
            if (ctx.Stopped)
                return;
            pgd = ctx.Increment(pgd, NextOffset.Pgd, next, next != end);
            addr = next;
            if (addr == end)
                return;
        }
    }

    private void WalkP4dRange(WalkContext ctx, EntryPointer pgdp, VirtualAddress addr, VirtualAddress end)
    {
        var arch = ctx.Arch;
        ctx.Enter("walk_p4d_range", addr, end);
        var p4d = ctx.Pointer("p4d_offset", arch.Offset(ctx.Cpu, pgdp, addr));
        while (!ctx.Stopped && ctx.Tick())
        {
            var next = Next(ctx, p4d, addr, end);
            if (NoneOrClearBad(ctx, p4d))
                ctx.Hole(addr, next, RealDepth(ctx, 1));
            else
                WalkLeafLevelRange(ctx, p4d, addr, next);
            if (ctx.Stopped)
                break;
            p4d = ctx.Increment(p4d, NextOffset.From(pgdp), next, next != end);
            addr = next;
            if (addr == end)
                break;
        }
        ctx.Leave();
    }

    /// <summary><c>walk_pud_range</c> and <c>walk_pmd_range</c>, one shape: per entry, <c>pXd_none(*p)</c> is a hole at
    /// <c>real_depth</c>, the op takes a leaf, a leaf or non-present entry is not descended without a VMA, and an entry
    /// whose walk below asks for ACTION_AGAIN is walked again (<c>goto again</c>: <c>next</c> recomputed, same
    /// pointer). The return value is what 6.12's <c>walk_pmd_range</c> leaves for <c>walk_pud_range</c>.</summary>
    private Action WalkLeafLevelRange(WalkContext ctx, EntryPointer parentp, VirtualAddress addr, VirtualAddress end)
    {
        var arch = ctx.Arch;
        var level = parentp.Level.Child();
        ctx.Enter(RangeName[level], addr, end);
        if (level == Level.Pmd && Shape.PudRecheck == PudRecheck.PudpGetActionAgain && !PudStillTable(ctx, parentp))
        {
            ctx.Leave();
            return Action.Again;
        }
        var p = ctx.Pointer(OffsetName[level], arch.Offset(ctx.Cpu, parentp, addr));
        while (!ctx.Stopped && ctx.Tick())
        {
            var next = Next(ctx, p, addr, end);
            if (WalkEntry(ctx, p, addr, next) == Action.Again)
                continue;
            if (ctx.Stopped)
                break;
            p = ctx.Increment(p, NextOffset.From(parentp), next, next != end);
            addr = next;
            if (addr == end)
                break;
        }
        ctx.Leave();
        return Action.Subtree;
    }

    /// <summary>One pud or pmd of the loop: hole, op, skip, or the walk of the level below.</summary>
    private Action WalkEntry(WalkContext ctx, EntryPointer p, VirtualAddress addr, VirtualAddress next)
    {
        var arch = ctx.Arch;
        var level = p.Level;
        if (ctx.Check(NoneName[level], arch.None(ctx.Cpu.Load(p))))
        {
            ctx.Hole(addr, next, RealDepth(ctx, level == Level.Pud ? 2 : 3));
            return Action.Subtree;
        }
        LeafEntry(ctx, p, addr, next);
        if (ctx.Stopped || SkipWithoutVma(ctx, p))
            return Action.Subtree;
        if (level == Level.Pmd)
            return WalkPteRange(ctx, p, addr, next);
        // E1: until 6.11 walk_pud_range re-reads the pud right before walk_pmd_range, VMA or not (5.8 :157-158).
        if (Shape.PudRecheck == PudRecheck.NoneGotoAgain && ctx.Check(NoneName[level], arch.None(ctx.Cpu.Load(p))))
            return Action.Again;
        return WalkLeafLevelRange(ctx, p, addr, next);
    }

    /// <summary>6.12 <c>walk_pmd_range</c>'s first step: <c>pudval = pudp_get(pud)</c>; a pud that is not present or
    /// is a leaf is not walked but redone by the caller (mm/pagewalk.c 6.12:83-106).</summary>
    private static bool PudStillTable(WalkContext ctx, EntryPointer pudp)
    {
        var arch = ctx.Arch;
        var pudval = ctx.Load(pudp, "pudp_get(pud)");
        if (ctx.Stopped || !ctx.Check("!pud_present(pudval) || pud_leaf(pudval)", !arch.Present(pudval) || arch.Leaf(pudval)))
            return true;
        ctx.Decide(ActionAgain, Decision.None, pudval);
        return false;
    }

    /// <summary><c>walk_pte_range</c> without a VMA: the pte table through the era's <c>pte_offset_map</c> (6.12:
    /// <c>pte_offset_kernel</c> at or above <c>TASK_SIZE</c>), and a NULL from it is ACTION_AGAIN (6.12:45-78); then
    /// <c>pte_entry</c> for every pte.</summary>
    private Action WalkPteRange(WalkContext ctx, EntryPointer pmdp, VirtualAddress addr, VirtualAddress end)
    {
        var arch = ctx.Arch;
        ctx.Enter("walk_pte_range", addr, end);
        var kernelAddress = Shape.PteMap == PteMap.Checked && addr.Value >= arch.TaskSizeMax;
        var mapped = PteOffsetMap.Map(ctx, kernelAddress ? PteMap.Kernel : Shape.PteMap, pmdp, addr, kernelAddress ? "pte_offset_kernel" : "pte_offset_map");
        if (mapped is not { } pte)
        {
            if (!ctx.Stopped)
                ctx.Decide(ActionAgain, Decision.None);
            ctx.Leave();
            return ctx.Stopped ? Action.Subtree : Action.Again;
        }
        while (!ctx.Stopped && ctx.Tick())
        {
            var value = ctx.Load(pte, "pte_entry(*pte)");
            if (ctx.Stopped)
                break;
            if (arch.Present(value))
                ctx.Found("pte_entry", addr, arch.Pfn(value), 1);
            // c02a98753e0a: test before the increment, so an end at the top of the space still stops.
            if (addr.Value >= end.Value - ctx.PageSize)
                break;
            addr += ctx.PageSize;
            pte = ctx.Increment(pte, NextOffset.From(pmdp), addr, continues: true);
        }
        ctx.Leave();
        return Action.Subtree;
    }

    /// <summary>The ops' <c>pud_entry</c>/<c>pmd_entry</c>: a leaf is reported whole (and ACTION_CONTINUE set).</summary>
    private static void LeafEntry(WalkContext ctx, EntryPointer p, VirtualAddress addr, VirtualAddress next)
    {
        var arch = ctx.Arch;
        var value = ctx.Load(p, EntryName[p.Level]);
        if (ctx.Stopped || !arch.Leaf(value))
            return;
        ctx.Decide(EntryOp[p.Level], Decision.Leaf, value);
        ctx.Found(EntryOp[p.Level], addr, ctx.PfnWithin(arch.Pfn(value), p.Level, addr), ctx.PagesBetween(addr, next));
    }

    /// <summary><c>if ((!walk-&gt;vma &amp;&amp; (pXd_leaf(*p) || !pXd_present(*p))) || walk-&gt;action == ACTION_CONTINUE
    /// …) continue;</c>: <c>!walk-&gt;vma</c> comes first, so a leaf the op reported is read again by
    /// <c>pXd_leaf(*p)</c> (mm/pagewalk.c of 6.12, walk_pmd_range), and the ops' ACTION_CONTINUE is never reached.</summary>
    private static bool SkipWithoutVma(WalkContext ctx, EntryPointer p)
    {
        var arch = ctx.Arch;
        return ctx.Check(LeafName[p.Level], arch.Leaf(ctx.Cpu.Load(p)))
            || ctx.Check(NotPresentName[p.Level], !arch.Present(ctx.Cpu.Load(p)));
    }

    /// <summary><c>pXd_none_or_clear_bad(p)</c>: a bad entry is reported, cleared and treated as none.</summary>
    private static bool NoneOrClearBad(WalkContext ctx, EntryPointer p)
    {
        var arch = ctx.Arch;
        var value = ctx.Load(p, NoneOrClearBadName[p.Level]);
        if (ctx.Stopped || arch.None(value))
            return true;
        if (!arch.Bad(value))
            return false;
        ctx.Decide(ClearBadName[p.Level], Decision.Hole, value);
        arch.Clear(ctx.Cpu, p);
        ctx.Effect(ClearBadName[p.Level]);
        return true;
    }

    private VirtualAddress Next(WalkContext ctx, EntryPointer p, VirtualAddress addr, VirtualAddress end)
    {
        if (Shape.AddrEnd == AddrEndKind.Static)
            return ctx.Next(HelperNames.AddrEnd[p.Level], ctx.Arch.AddrEnd(p.Level, addr, end));
        var entry = ctx.Load(p, DerefName[p.Level]);
        return ctx.Next(HelperNames.AddrEndFolded[p.Level], ctx.Arch.AddrEndFolded(entry, addr, end));
    }

    /// <summary><c>real_depth(depth)</c>: step up over levels whose static <c>PTRS_PER</c> is 1. On s390 it never
    /// does, as its <c>PTRS_PER_*</c> stay 2048.</summary>
    private static int RealDepth(WalkContext ctx, int depth)
    {
        var geometry = ctx.Arch.Geometry;
        if (depth == 3 && geometry[Level.Pmd].PtrsPer == 1)
            depth = 2;
        if (depth == 2 && geometry[Level.Pud].PtrsPer == 1)
            depth = 1;
        if (depth == 1 && geometry[Level.P4d].PtrsPer == 1)
            depth = 0;
        return depth;
    }
}
