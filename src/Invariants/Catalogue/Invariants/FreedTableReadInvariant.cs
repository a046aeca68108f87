using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>A race property against a writer that frees table pages: gup_fast reads no freed or reused one.</summary>
public abstract class FreedTableReadInvariant : RaceInvariant
{
    protected sealed override Outcome Judge(RaceCase c, AddressSpace mm, WalkResult walk, RaceWatch watch)
    {
        if (watch.Seen.FirstFreedRead is not { } read)
            return Outcome.Ok(walk);
        var step = walk.Trace.Steps.FirstOrDefault(s => s.IsLoad && s.Into is Target.FreedTableSlot);
        var where = step.Into is null ? "" : $" ({step.Function}, {step.Helper}, step {step.Number})";
        return Outcome.Violated($"read {read.Pointer.Address:x16}: {read.Into}{where}", walk);
    }
}
