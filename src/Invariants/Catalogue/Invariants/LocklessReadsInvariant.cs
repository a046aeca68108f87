using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>"The lockless walker must never dereference an entry it has not validated": every load of gup_fast is
/// of a live table slot or of a copy the loading function itself holds.</summary>
public sealed class LocklessReadsInvariant : WalkerInvariant
{
    public override string Id => "lockless-reads";

    public override string Statement => "A lockless walker reads only live table slots and its own stack copies (no red zone, no neighbour slot, no data page).";

    public override IReadOnlyList<string> Walkers => WalkerCatalogue.GupFast;

    protected override bool NeedsTrace => true;

    public override Expectation Expect(Model model, string? walker) =>
        KnownDepartures.StackCopyDeparture(model, walker) is { } reason ? Expectation.Falsified(reason)
        : KnownDepartures.FoldsPmdStatically(model) && KnownDepartures.RechecksPmd(walker) ? Expectation.Falsified(KnownDepartures.PmdRecheckOfCallersCopy)
        : Expectation.Holds;

    protected override Outcome Judge(WalkCase c, AddressSpace mm, WalkResult walk)
    {
        var found = walk.Trace.LoadsOutsideLiveTables()
            .Where(s => !(s.Into is Target.StackCopySlot copy && copy.Copy.Owner == s.Function)).Cast<WalkStep?>().FirstOrDefault();
        if (found is not { } bad)
            return Outcome.Ok(walk);
        return Outcome.Violated($"{bad.Function} read {bad.Pointer!.Value.Address:x16}: {bad.Into} ({bad.Helper})", walk);
    }
}
