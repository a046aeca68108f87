using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>A race property judged by the pages gup_fast pins: each it would not pin without the other CPU was mapped at
/// its address at some instant of the walk (before it, or between two steps of the other CPU), as the hardware
/// translates it there. A wrong pin the walk makes alone too, on the address space before the other CPU's operation
/// or after it, is another invariant's to judge (<c>gup-fast-prefix</c>).</summary>
public abstract class MappedAtSomeInstantInvariant : RaceInvariant
{
    protected sealed override bool WatchesInstants => true;

    protected sealed override Outcome Judge(RaceCase c, AddressSpace mm, WalkResult walk, RaceWatch watch)
    {
        foreach (var (va, pfn) in walk.EachPage())
            if (!watch.WasMapped(va, pfn) && !watch.WalkerAloneDeparts(va, pfn))
                return Outcome.Violated($"pinned {pfn} for {va}, which it never mapped during the walk", walk);
        return Outcome.Ok(walk);
    }
}
