using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>gup_fast against a writer that unmaps pages and then counts their references, giving up on a pinned one
/// (khugepaged, migration): a page gup_fast pins is one the writer leaves where it is. gup takes its reference and then
/// re-checks what it read, dropping the reference on a change; the two orders meet only if gup's re-check looks at the
/// entry the writer cleared, or if the writer's TLB flush waits for the walker. A wrong pin the walk makes alone too, on
/// the address space before the writer's operation or after it, is <c>gup-fast-prefix</c>'s to judge.</summary>
public abstract class PinsStayMappedInvariant : RaceInvariant
{
    protected sealed override Outcome Judge(RaceCase c, AddressSpace mm, WalkResult walk, RaceWatch watch)
    {
        foreach (var (va, pfn) in walk.EachPage())
        {
            var now = c.Walk.Model.Mmu.Translate(new Cpu(mm.Memory), mm, va, Access.Read);
            if (now.Pfn != pfn && !watch.WalkerAloneDeparts(va, pfn))
                return Outcome.Violated($"pinned {pfn} for {va}, which now maps {(now.Pfn is { } p ? p.ToString() : now.ToString())}", walk);
        }
        return Outcome.Ok(walk);
    }
}
