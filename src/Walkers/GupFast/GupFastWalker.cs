using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Walkers.GupFast;

/// <summary>The lockless fast path of <c>get_user_pages_fast</c> (mm/gup.c, kernel-facts 3): from
/// <c>internal_get_user_pages_fast</c>'s range checks and <c>gup_fast_permitted</c> down through
/// <c>gup_pgd_range</c> … <c>gup_pte_range</c>, reading each entry once and deciding on the value.</summary>
/// <remarks>It pins an address-ordered prefix and stops at the first failure. Every parameter copy whose address
/// may be taken lives in a stack slot, so <c>pudp++</c> on a pointer to a copy reads whatever the
/// <see cref="StackLayout"/> put next to it. Nothing here knows about any bug.</remarks>
public sealed class GupFastWalker(GupEra era) : IWalker
{
    public GupEra Era { get; } = era;

    public string Name => Era switch
    {
        GupEra.StackCopy => "gup-fast/v5.8",
        GupEra.AddrEndFolded => "gup-fast/rfc-addr-end-folded",
        _ => "gup-fast/v5.9",
    };

    public WalkResult Walk(AddressSpace mm, WalkRange range, WalkOptions options)
    {
        var ctx = new WalkContext(mm, options);
        ctx.Enter("internal_get_user_pages_fast", range.Start, range.End);
        // 17839856fd58 (5.8 only): the fast path always asks for write access unless FOLL_FAST_ONLY.
        var write = options.Write || Era == GupEra.StackCopy;
        if (write && !options.Write)
            ctx.Decide("fast_flags |= FOLL_WRITE", Decision.None, note: "17839856fd58");
        var fastPath = new FastPath(ctx, Era, write);
        if (range.End <= range.Start)
            ctx.Decide("end <= start", Decision.Stop, note: "return 0");
        else if (!ctx.Check("gup_fast_permitted", mm.Arch.GupFastPermitted(mm, range.Start, range.End)))
            ctx.Decide("gup_fast_permitted", Decision.Stop);
        else
            fastPath.PgdRange(range.Start, range.End);
        ctx.Leave();
        return ctx.Finish(Name, range);
    }

    private static readonly HelperNames RangeName = HelperNames.Of(n => $"gup_{n}_range");
    private static readonly HelperNames ReadOnce = HelperNames.Of(n => $"READ_ONCE(*{n}p)");
    private static readonly HelperNames LocklessName = HelperNames.Of(n => $"{n}_offset_lockless");
    private static readonly HelperNames CopyOffsetName = HelperNames.Of(n => n switch
    {
        "p4d" => "p4d_offset(&pgd)",
        "pud" => "pud_offset(&p4d)",
        "pmd" => "pmd_offset(&pud)",
        _ => $"{n}_offset",
    });
    private static readonly HelperNames HugeName = HelperNames.Of(n => $"gup_huge_{n}");
    private static readonly HelperNames RecheckName = HelperNames.Of(n => $"{n}_val(*{n}p) recheck");
    private static readonly HelperNames ChangedName = HelperNames.Of(n => $"{n} changed");
    private static readonly HelperNames NotPermittedName = HelperNames.Of(n => $"!{n}_access_permitted");

    /// <summary>One call of the fast path: the walk functions, each returning false to stop (the C's <c>return 0</c>).</summary>
    private sealed class FastPath(WalkContext ctx, GupEra era, bool write)
    {
        private readonly AddressSpace mm = ctx.Mm;

        public void PgdRange(VirtualAddress addr, VirtualAddress end)
        {
            var arch = mm.Arch;
            ctx.Enter("gup_pgd_range", addr, end);
            var pgdp = ctx.Pointer("pgd_offset", arch.PgdOffset(ctx.Cpu, mm, addr));
            while (!ctx.Stopped && ctx.Tick())
            {
                var mark = ctx.StackMark;
                var pgd = ctx.Load(pgdp, "READ_ONCE(*pgdp)");
                if (ctx.Stopped)
                    break;
                // The local pgd: "in general the previously read pgd copy" lies next to the callee's (RFC, 28 Aug 2020).
                ctx.Spill(pgd, "pgd");
                var next = Next(pgd, addr, end);
                bool ok;
                if (arch.None(pgd))
                {
                    ctx.Decide("pgd_none", Decision.Stop, pgd);
                    ok = false;
                }
                else if (arch.Huge(pgd))
                    ok = HugeLeaf(pgd, pgdp, addr, next);
                else
                    ok = P4dRange(pgdp, pgd, addr, next);
                ctx.PopTo(mark);
                if (!ok || ctx.Stopped)
                    break;
                pgdp = ctx.Increment(pgdp, NextOffset.Pgd, next, next != end);
                addr = next;
                if (addr == end)
                    break;
            }
            ctx.Leave();
        }

        private bool P4dRange(EntryPointer pgdp, Entry pgd, VirtualAddress addr, VirtualAddress end) =>
            Level(pgdp, pgd, addr, end, RangeName[Arch.Levels.Level.P4d], (p4dp, p4d, a, next) =>
            {
                if (!mm.Arch.None(p4d))
                    return PudRange(p4dp, p4d, a, next);
                ctx.Decide("p4d_none", Decision.Stop, p4d);
                return false;
            });

        private bool PudRange(EntryPointer p4dp, Entry p4d, VirtualAddress addr, VirtualAddress end) =>
            Level(p4dp, p4d, addr, end, RangeName[Arch.Levels.Level.Pud], (pudp, pud, a, next) =>
            {
                if (!mm.Arch.Present(pud))
                {
                    ctx.Decide("!pud_present", Decision.Stop, pud);
                    return false;
                }
                return mm.Arch.Huge(pud) ? HugeLeaf(pud, pudp, a, next) : PmdRange(pudp, pud, a, next);
            });

        private bool PmdRange(EntryPointer pudp, Entry pud, VirtualAddress addr, VirtualAddress end) =>
            Level(pudp, pud, addr, end, RangeName[Arch.Levels.Level.Pmd], (pmdp, pmd, a, next) =>
            {
                var arch = mm.Arch;
                if (!arch.Present(pmd))
                {
                    ctx.Decide("!pmd_present", Decision.Stop, pmd);
                    return false;
                }
                // pmd_trans_huge || pmd_huge || pmd_devmap; pmd_trans_huge implies pmd_large (the leaf test).
                if (arch.Leaf(pmd) || arch.Huge(pmd) || arch.Devmap(pmd))
                {
                    if (!arch.ProtNone(pmd))
                        return HugeLeaf(pmd, pmdp, a, next);
                    ctx.Decide("pmd_protnone", Decision.Stop, pmd);
                    return false;
                }
                return PteRange(pmd, a, next);
            });

        /// <summary>The shape shared by <c>gup_p4d_range</c>, <c>gup_pud_range</c> and <c>gup_pmd_range</c>: spill
        /// the parent's value, offset (from the copy, or lockless from the real pointer), then read, bound and
        /// descend per entry, <c>p++</c> until <c>end</c>.</summary>
        private bool Level(EntryPointer parentp, Entry parent, VirtualAddress addr, VirtualAddress end, string function,
            Func<EntryPointer, Entry, VirtualAddress, VirtualAddress, bool> body)
        {
            var arch = mm.Arch;
            var child = parent.Level.Child();
            ctx.Enter(function, addr, end);
            var mark = ctx.StackMark;
            var copy = ctx.Spill(parent, parent.Level.Name());
            var offset = era == GupEra.Lockless ? NextOffset.Lockless(parentp, copy) : NextOffset.From(copy.Address);
            var p = ctx.Pointer(era == GupEra.Lockless ? LocklessName[child] : CopyOffsetName[child], offset.Apply(ctx.Cpu, mm, addr));
            var ok = !ctx.Stopped;
            while (ok && ctx.Tick())
            {
                var entry = ctx.Load(p, ReadOnce[child]);
                if (ctx.Stopped)
                    break;
                var next = Next(entry, addr, end);
                ok = body(p, entry, addr, next) && !ctx.Stopped;
                if (!ok)
                    break;
                p = ctx.Increment(p, offset, next, next != end);
                addr = next;
                if (addr == end)
                    break;
            }
            ctx.PopTo(mark);
            ctx.Leave();
            return ok && !ctx.Stopped;
        }

        private bool PteRange(Entry pmd, VirtualAddress addr, VirtualAddress end)
        {
            var arch = mm.Arch;
            ctx.Enter("gup_pte_range", addr, end);
            var mark = ctx.StackMark;
            var copy = ctx.Spill(pmd, "pmd");
            var ptep = ctx.Pointer("pte_offset_map(&pmd)", arch.Offset(ctx.Cpu, copy.Address, addr));
            var ok = !ctx.Stopped;
            while (ok && ctx.Tick())
            {
                var pte = ctx.Load(ptep, "gup_get_pte(ptep)");
                ok = !ctx.Stopped && PteUsable(pte);
                if (!ok)
                    break;
                // try_grab_compound_head, then the re-check: the pte must not have changed meanwhile.
                var again = ctx.Load(ptep, "pte_val(*ptep) recheck");
                if (ctx.Stopped || again.Raw != pte.Raw)
                {
                    ctx.Decide("pte changed", Decision.Stop, again);
                    ok = false;
                    break;
                }
                ctx.Found("pages[(*nr)++]", addr, arch.Pfn(pte), 1);
                addr += Geometry.PageSize;
                ptep = ctx.Increment(ptep, NextOffset.From(copy.Address), addr, addr != end);
                if (addr == end)
                    break;
            }
            ctx.PopTo(mark);
            ctx.Leave();
            return ok && !ctx.Stopped;
        }

        private bool PteUsable(Entry pte)
        {
            var arch = mm.Arch;
            string? refusal = arch.ProtNone(pte) ? "pte_protnone"
                : !arch.AccessPermitted(pte, write) ? "!pte_access_permitted"
                : arch.Devmap(pte) ? "pte_devmap (no dev_pagemap)"
                : arch.Special(pte) ? "pte_special"
                : null;
            if (refusal is not null)
                ctx.Decide(refusal, Decision.Stop, pte);
            return refusal is null;
        }

        /// <summary><c>gup_huge_pmd</c>, <c>gup_huge_pud</c>, <c>gup_huge_pgd</c>: take every subpage of
        /// <c>[addr, end)</c> (<c>record_subpages</c>), then re-check the entry through its pointer.</summary>
        private bool HugeLeaf(Entry orig, EntryPointer p, VirtualAddress addr, VirtualAddress end)
        {
            var arch = mm.Arch;
            var level = orig.Level;
            if (!arch.AccessPermitted(orig, write) || arch.Devmap(orig))
            {
                ctx.Decide(HugeName[level], Decision.Stop, orig, note: arch.Devmap(orig) ? "devmap" : NotPermittedName[level]);
                return false;
            }
            ctx.Decide(HugeName[level], Decision.Leaf, orig);
            var mask = arch.Geometry[level].Mask;
            var pfn = arch.Pfn(orig) + ((addr.Value & ~mask) >> Geometry.PageShift);
            var again = ctx.Load(p, RecheckName[level]);
            if (ctx.Stopped || again.Raw != orig.Raw)
            {
                ctx.Decide(ChangedName[level], Decision.Stop, again);
                return false;
            }
            ctx.Found("record_subpages", addr, pfn, unchecked(end.Value - addr.Value) >> Geometry.PageShift);
            return true;
        }

        private VirtualAddress Next(Entry entry, VirtualAddress addr, VirtualAddress end)
        {
            return era == GupEra.AddrEndFolded
                ? ctx.Next(HelperNames.AddrEndFolded[entry.Level], mm.Arch.AddrEndFolded(entry, addr, end))
                : ctx.Next(HelperNames.AddrEnd[entry.Level], mm.Arch.AddrEnd(entry.Level, addr, end));
        }
    }
}
