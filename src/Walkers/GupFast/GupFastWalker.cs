using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Walkers.PageWalk;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Walkers.GupFast;

/// <summary>The lockless fast path of <c>get_user_pages_fast</c> (mm/gup.c) in the shape of one era:
/// from the entry point's range checks and <c>gup_fast_permitted</c> down through the pgd, p4d, pud, pmd and pte
/// ranges, reading each entry once and deciding on the value.</summary>
/// <remarks>It pins an address-ordered prefix and stops at the first failure. Every parameter copy whose address
/// may be taken lives in a stack slot, so <c>pudp++</c> on a pointer to a copy reads whatever the
/// <see cref="StackLayout"/> put next to it. Nothing here knows about any bug or asks for an era: the
/// <see cref="GupFastShape"/> says what the era's code does.</remarks>
public sealed class GupFastWalker(GupFastShape shape) : IWalker
{
    public GupFastShape Shape { get; } = shape;

    public string Name => Shape.Name;

    public WalkResult Walk(AddressSpace mm, WalkRange range, WalkOptions options)
    {
        var ctx = new WalkContext(mm, range, options);
        var names = Shape.Names;
        ctx.Enter(names.Entry, range.Start, range.End);
        // 17839856fd58 (5.8 only): the fast part of get_user_pages_fast always asks for write access; FOLL_FAST_ONLY does not.
        var write = options.Write || Shape.ForcedWrite.Contains(options.Call);
        if (write && !options.Write)
            ctx.Decide("fast_flags |= FOLL_WRITE", Decision.None,
                note: "5.8 only (17839856fd58, \"COW can break either way\"): read-only pages are left to slow gup");
        var refusal = Shape.RangeChecks.FirstOrDefault(check => check.Refuses(mm.Arch, range));
        if (refusal is not null)
            ctx.Decide(refusal.Name, Decision.Stop, note: refusal.Returns);
        else
        {
            if (names.Lockless is not null)
                ctx.Enter(names.Lockless, range.Start, range.End);
            if (!ctx.Check("gup_fast_permitted", mm.Arch.GupFastPermitted(ctx.Cpu, mm, range.Start, range.End)))
                ctx.Decide("gup_fast_permitted", Decision.Stop);
            else
            {
                // local_irq_save: an IPI or an RCU grace period another CPU waits for ends only after the walk.
                ctx.Cpu.InterruptsDisabled = true;
                new FastPath(ctx, Shape, write).PgdRange(range.Start, range.End);
                ctx.Cpu.InterruptsDisabled = false;
            }
            if (names.Lockless is not null)
                ctx.Leave();
        }
        ctx.Leave();
        return ctx.Finish(Name, range) with { FollWrite = write };
    }

    private static readonly HelperNames LocklessName = HelperNames.Of(n => $"{n}_offset_lockless");
    private static readonly HelperNames CopyOffsetName = HelperNames.Of(n => n switch
    {
        "p4d" => "p4d_offset(&pgd)",
        "pud" => "pud_offset(&p4d)",
        "pmd" => "pmd_offset(&pud)",
        _ => $"{n}_offset",
    });
    private static readonly HelperNames PointerOffsetName = HelperNames.Of(n => n switch
    {
        "p4d" => "p4d_offset(pgdp)",
        "pud" => "pud_offset(p4dp)",
        "pmd" => "pmd_offset(pudp)",
        _ => $"{n}_offset",
    });
    private static readonly HelperNames RecheckName = HelperNames.Of(n => $"{n}_val(*{n}p) recheck");
    private static readonly HelperNames ChangedName = HelperNames.Of(n => $"{n} changed");

    /// <summary>One call of the fast path: the walk functions, each returning false to stop (the C's <c>return 0</c>).</summary>
    private sealed class FastPath(WalkContext ctx, GupFastShape shape, bool write)
    {
        private readonly AddressSpace mm = ctx.Mm;

        public void PgdRange(VirtualAddress addr, VirtualAddress end)
        {
            var arch = mm.Arch;
            ctx.Enter(shape.Names.Range[Arch.Levels.Level.Pgd], addr, end);
            var pgdp = ctx.Pointer("pgd_offset", arch.PgdOffset(ctx.Cpu, mm, addr));
            while (!ctx.Stopped && ctx.Tick())
            {
                var mark = ctx.StackMark;
                var pgd = Read(pgdp, shape.Names.Read[Arch.Levels.Level.Pgd]);
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
                else if (shape.PgdLeaf.Holds(arch, pgd, write))
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
            Level(pgdp, pgd, addr, end, (p4dp, p4d, a, next) =>
            {
                if (!shape.P4dStop.Holds(mm.Arch, p4d, write))
                    return PudRange(p4dp, p4d, a, next);
                ctx.Decide(shape.P4dStop.Names[Arch.Levels.Level.P4d], Decision.Stop, p4d);
                return false;
            });

        private bool PudRange(EntryPointer p4dp, Entry p4d, VirtualAddress addr, VirtualAddress end) =>
            Level(p4dp, p4d, addr, end, (pudp, pud, a, next) =>
            {
                if (!mm.Arch.Present(pud))
                {
                    ctx.Decide("!pud_present", Decision.Stop, pud);
                    return false;
                }
                return shape.PudLeaf.Holds(mm.Arch, pud, write) ? HugeLeaf(pud, pudp, a, next) : PmdRange(pudp, pud, a, next);
            });

        private bool PmdRange(EntryPointer pudp, Entry pud, VirtualAddress addr, VirtualAddress end) =>
            Level(pudp, pud, addr, end, (pmdp, pmd, a, next) =>
            {
                var arch = mm.Arch;
                if (!arch.Present(pmd))
                {
                    ctx.Decide("!pmd_present", Decision.Stop, pmd);
                    return false;
                }
                if (shape.PmdLeaf.Holds(arch, pmd, write))
                {
                    if (!arch.ProtNone(pmd))
                        return HugeLeaf(pmd, pmdp, a, next);
                    ctx.Decide("pmd_protnone", Decision.Stop, pmd);
                    return false;
                }
                return PteRange(pmdp, pmd, a, next);
            });

        /// <summary>The shape shared by the p4d, pud and pmd ranges: spill the parent's value, offset (from the copy, or
        /// lockless from the real pointer), then read, bound and descend per entry, <c>p++</c> until <c>end</c>.</summary>
        private bool Level(EntryPointer parentp, Entry parent, VirtualAddress addr, VirtualAddress end,
            Func<EntryPointer, Entry, VirtualAddress, VirtualAddress, bool> body)
        {
            var arch = mm.Arch;
            var child = parent.Level.Child();
            ctx.Enter(shape.Names.Range[child], addr, end);
            var mark = ctx.StackMark;
            var copy = ctx.Spill(parent, parent.Level.Name());
            var (offset, name) = shape.Offset switch
            {
                GupOffset.Lockless => (NextOffset.Lockless(parentp, copy), LocklessName[child]),
                GupOffset.FromPointer => (NextOffset.From(parentp), PointerOffsetName[child]),
                _ => (NextOffset.From(copy.Address), CopyOffsetName[child]),
            };
            var p = ctx.Pointer(name, offset.Apply(ctx.Cpu, mm, addr));
            var ok = !ctx.Stopped;
            while (ok && ctx.Tick())
            {
                var entry = Read(p, shape.Names.Read[child]);
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

        /// <summary>The pte range: <c>pte_offset_map(&amp;pmd, addr)</c> on the function's copy of the pmd, then per pte:
        /// read, refuse, take, re-check (the pmd through its real pointer first, from 6.1), record.</summary>
        private bool PteRange(EntryPointer pmdp, Entry pmd, VirtualAddress addr, VirtualAddress end)
        {
            var arch = mm.Arch;
            ctx.Enter(shape.Names.Range[Arch.Levels.Level.Pte], addr, end);
            var mark = ctx.StackMark;
            var copy = ctx.Spill(pmd, "pmd");
            var mapped = PteOffsetMap.Map(ctx, shape.PteMap, copy.Address, addr, "pte_offset_map(&pmd)");
            var ok = mapped is not null;
            if (!ok && !ctx.Stopped)
                ctx.Decide("!ptep", Decision.Stop, note: "return 0");
            var ptep = mapped.GetValueOrDefault();
            while (ok && ctx.Tick())
            {
                var pte = Read(ptep, shape.Names.PteRead);
                ok = !ctx.Stopped && PteUsable(pte);
                if (!ok)
                    break;
                // The folio is taken (try_grab_folio), then re-checked: nothing read may have changed meanwhile, else
                // the reference is dropped (gup_put_folio).
                var pfn = arch.Pfn(pte);
                Grab(pfn, 1);
                ok = shape.PteRechecks.All(level => level == Arch.Levels.Level.Pmd ? Unchanged(pmdp, pmd, RecheckName[level]) : Unchanged(ptep, pte, shape.Names.PteRecheck));
                if (!ok)
                {
                    if (shape.PutsOnFailedRecheck)
                        mm.Memory.References.Put(pfn);
                    break;
                }
                ctx.Found("pages[(*nr)++]", addr, pfn, 1);
                addr += ctx.PageSize;
                ptep = ctx.Increment(ptep, NextOffset.From(copy.Address), addr, addr != end);
                if (addr == end)
                    break;
            }
            ctx.PopTo(mark);
            ctx.Leave();
            return ok && !ctx.Stopped;
        }

        /// <summary>The walker's read of the entry at <paramref name="p"/>: whole, or where the CPU loads 64-bit entries in
        /// halves (x86 PAE), as the era's reader takes them (<c>READ_ONCE</c>: high, then low; <c>ptep_get_lockless</c>,
        /// <c>pmdp_get_lockless</c>: low, high, low again).</summary>
        private Entry Read(EntryPointer p, string helper) =>
            mm.Arch.SplitsEntries ? ctx.LoadHalves(p, helper, LowHighLow(p.Level)) : ctx.Load(p, helper);

        private bool LowHighLow(Arch.Levels.Level level) => level switch
        {
            Arch.Levels.Level.Pte => shape.PteHalvesLowHighLow,
            Arch.Levels.Level.Pmd => shape.PmdHalvesLowHighLow,
            _ => false,
        };

        /// <summary><c>try_grab_folio</c>: <paramref name="refs"/> references from <paramref name="pfn"/>.</summary>
        private void Grab(Pfn pfn, ulong refs)
        {
            if (shape.GrabsUnderRcu)
                ctx.Cpu.RcuReadLock();
            ctx.Cpu.Grab(pfn, refs);
        }

        /// <summary>A re-read of <paramref name="p"/> after the grab; a change releases what was just taken and stops.</summary>
        private bool Unchanged(EntryPointer p, Entry read, string helper)
        {
            var again = ctx.Load(p, helper);
            if (!ctx.Stopped && again.Raw == read.Raw)
                return true;
            ctx.Decide(ChangedName[read.Level], Decision.Stop, again);
            return false;
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

        /// <summary>The huge-leaf functions (<c>gup_huge_pmd</c>, <c>gup_fast_pmd_leaf</c>, …): refuse, or take every
        /// subpage of <c>[addr, end)</c> (<c>record_subpages</c>), then re-check the entry through its pointer.</summary>
        private bool HugeLeaf(Entry orig, EntryPointer p, VirtualAddress addr, VirtualAddress end)
        {
            var arch = mm.Arch;
            var level = orig.Level;
            var name = shape.Names.Leaf[level];
            if (shape.LeafRefusals.FirstOrDefault(test => test.Holds(arch, orig, write)) is { } refusal)
            {
                ctx.Decide(name, Decision.Stop, orig, note: refusal.Names[level]);
                return false;
            }
            ctx.Decide(name, Decision.Leaf, orig);
            var pfn = ctx.PfnWithin(arch.Pfn(orig), level, addr);
            var refs = ctx.PagesBetween(addr, end);
            Grab(pfn, refs);
            if (shape.LeafRecheck && !Unchanged(p, orig, RecheckName[level]))
            {
                if (shape.PutsOnFailedRecheck)
                    mm.Memory.References.Put(pfn, refs);
                return false;
            }
            ctx.Found("record_subpages", addr, pfn, refs);
            return true;
        }

        private VirtualAddress Next(Entry entry, VirtualAddress addr, VirtualAddress end)
        {
            return shape.AddrEnd == AddrEndKind.Folded
                ? ctx.Next(HelperNames.AddrEndFolded[entry.Level], mm.Arch.AddrEndFolded(entry, addr, end))
                : ctx.Next(HelperNames.AddrEnd[entry.Level], mm.Arch.AddrEnd(entry.Level, addr, end));
        }
    }
}
