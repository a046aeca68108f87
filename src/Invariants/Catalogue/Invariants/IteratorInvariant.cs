using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>"pud++ is a shortcut for pud_offset(p4d, next)" (the 5.9 fix thread): every increment a loop goes on
/// with lands where the level's offset helper, applied to the same parent, puts <c>next</c>.</summary>
public sealed class IteratorInvariant : WalkerInvariant
{
    public override string Id => "iterator";

    public override string Statement => "Inside every walker loop, the pointer after p++ equals pXd_offset(parent, next).";

    public override IReadOnlyList<string> Walkers { get; } =
        [.. WalkerCatalogue.PageWalks, .. WalkerCatalogue.GupFast];

    protected override bool NeedsTrace => true;

    public override Expectation Expect(Model model, string? walker) =>
        KnownDepartures.FoldsDynamically(model) && KnownDepartures.UsesStaticAddrEnd(walker)
            ? Expectation.Falsified(KnownDepartures.StaticAddrEnd(model))
            : Expectation.Holds;

    protected override Outcome Judge(WalkCase c, AddressSpace mm, WalkResult walk)
    {
        if (walk.Trace.FirstStrayIncrement() is not { } bad)
            return Outcome.Ok(walk);
        return Outcome.Violated($"{bad.Helper} in {bad.Function} points to {bad.Pointer!.Value.Address:x16} ({bad.Into}), "
            + $"but the offset helper gives {bad.OffsetOfNext!.Value.Address:x16} ({mm.Memory.Describe(bad.OffsetOfNext.Value.Address)})", walk);
    }
}
