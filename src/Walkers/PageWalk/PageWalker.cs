using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Walkers.PageWalk;

/// <summary><c>walk_page_range</c> of mm/pagewalk.c (5.8) over an mm's tables, as <c>walk_page_range_novma</c>
/// walks them (<c>no_vma</c>): real table pointers at every level, <c>pXd_offset</c> once, then <c>pXd++</c> and
/// <c>pXd_addr_end</c>; <c>pte_hole</c> with its <c>real_depth</c>. Its ops report a huge leaf whole from
/// <c>pud_entry</c>/<c>pmd_entry</c> (ACTION_CONTINUE) and a present pte from <c>pte_entry</c>.</summary>
/// <remarks>Each <c>*pud</c> in the C is a load here too: <c>pud_none(*pud)</c>, the op, <c>pud_leaf(*pud)</c>,
/// <c>pud_present(*pud)</c> read the entry again, as the kernel does under the mmap lock.</remarks>
public sealed class PageWalker(AddrEndKind addrEnd) : IWalker
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

    public AddrEndKind AddrEnd { get; } = addrEnd;

    public string Name => AddrEnd == AddrEndKind.Static ? "pagewalk" : "pagewalk/addr-end-folded";

    public WalkResult Walk(AddressSpace mm, WalkRange range, WalkOptions options)
    {
        var ctx = new WalkContext(mm, options);
        ctx.Enter("walk_pgd_range", range.Start, range.End);
        WalkPgdRange(ctx, range.Start, range.End);
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

    /// <summary><c>walk_pud_range</c> and <c>walk_pmd_range</c>, one shape: <c>pXd_none(*p)</c> is a hole at
    /// <c>real_depth</c>, the op takes a leaf, and without a VMA a leaf or non-present entry is not descended.</summary>
    private void WalkLeafLevelRange(WalkContext ctx, EntryPointer parentp, VirtualAddress addr, VirtualAddress end)
    {
        var arch = ctx.Arch;
        var level = parentp.Level.Child();
        ctx.Enter(RangeName[level], addr, end);
        var p = ctx.Pointer(OffsetName[level], arch.Offset(ctx.Cpu, parentp, addr));
        while (!ctx.Stopped && ctx.Tick())
        {
            var next = Next(ctx, p, addr, end);
            if (ctx.Check(NoneName[level], arch.None(ctx.Cpu.Load(p))))
                ctx.Hole(addr, next, RealDepth(ctx, level == Level.Pud ? 2 : 3));
            else if (!LeafEntry(ctx, p, addr, next) && !ctx.Stopped && !SkipWithoutVma(ctx, p))
            {
                if (level == Level.Pud)
                    WalkLeafLevelRange(ctx, p, addr, next);
                else
                    WalkPteRange(ctx, p, addr, next);
            }
            if (ctx.Stopped)
                break;
            p = ctx.Increment(p, NextOffset.From(parentp), next, next != end);
            addr = next;
            if (addr == end)
                break;
        }
        ctx.Leave();
    }

    private static void WalkPteRange(WalkContext ctx, EntryPointer pmdp, VirtualAddress addr, VirtualAddress end)
    {
        var arch = ctx.Arch;
        ctx.Enter("walk_pte_range", addr, end);
        var pte = ctx.Pointer("pte_offset_map", arch.Offset(ctx.Cpu, pmdp, addr));
        while (!ctx.Stopped && ctx.Tick())
        {
            var value = ctx.Load(pte, "pte_entry(*pte)");
            if (ctx.Stopped)
                break;
            if (arch.Present(value))
                ctx.Found("pte_entry", addr, arch.Pfn(value), 1);
            // c02a98753e0a: test before the increment, so an end at the top of the space still stops.
            if (addr.Value >= end.Value - Geometry.PageSize)
                break;
            addr += Geometry.PageSize;
            pte = ctx.Increment(pte, NextOffset.From(pmdp), addr, continues: true);
        }
        ctx.Leave();
    }

    /// <summary>The ops' <c>pud_entry</c>/<c>pmd_entry</c>: a leaf is reported whole and not descended.</summary>
    private static bool LeafEntry(WalkContext ctx, EntryPointer p, VirtualAddress addr, VirtualAddress next)
    {
        var arch = ctx.Arch;
        var value = ctx.Load(p, EntryName[p.Level]);
        if (ctx.Stopped || !arch.Leaf(value))
            return false;
        var geometry = arch.Geometry[p.Level];
        var pfn = arch.Pfn(value) + ((addr.Value & ~geometry.Mask) >> Geometry.PageShift);
        ctx.Decide(EntryOp[p.Level], Decision.Leaf, value);
        ctx.Found(EntryOp[p.Level], addr, pfn, unchecked(next.Value - addr.Value) >> Geometry.PageShift);
        return true;
    }

    /// <summary><c>if (!walk-&gt;vma &amp;&amp; (pXd_leaf(*p) || !pXd_present(*p))) continue;</c></summary>
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
        return true;
    }

    private VirtualAddress Next(WalkContext ctx, EntryPointer p, VirtualAddress addr, VirtualAddress end)
    {
        if (AddrEnd == AddrEndKind.Static)
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
