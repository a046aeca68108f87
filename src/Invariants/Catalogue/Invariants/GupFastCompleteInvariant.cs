using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.GupFast;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>When every page of the range is mapped and allows the access the caller asked for, gup_fast takes them
/// all and leaves nothing to the slow path.</summary>
public sealed class GupFastCompleteInvariant : WalkerInvariant
{
    public override string Id => "gup-fast-complete";

    public override string Statement => "When every page of the range is mapped and accessible, gup_fast pins them all.";

    public override IReadOnlyList<string> Walkers { get; } = [.. WalkerCatalogue.GupFast, .. KernelWalker.GupNames];

    public override Expectation Expect(Model model, string? walker) => Expect(model, walker, GupCall.GetUserPagesFast);

    /// <summary>Read-only pages are left to slow gup where the entry point forces FOLL_WRITE; and past its stack copy
    /// the 5.2-5.8 walk (and the arm64 6.9-6.10 one, in its stack's page) stops or goes on as the stack's contents decide,
    /// whatever the entry point.</summary>
    public override Expectation Expect(Model model, string? walker, GupCall call)
    {
        string?[] reasons =
        [
            KnownDepartures.ForcesWrite(walker, call) ? KnownDepartures.ForcedWrite : null,
            KnownDepartures.StackCopyDeparture(model, walker),
        ];
        var known = reasons.OfType<string>().ToList();
        return known.Count == 0 ? Expectation.Holds : Expectation.Falsified(string.Join("; and ", known));
    }

    protected override Outcome Judge(WalkCase c, AddressSpace mm, WalkResult walk)
    {
        var needed = c.Write ? VmFlags.Read | VmFlags.Write : VmFlags.Read;
        var accessible = c.Range.EachPage().All(va => mm.MappingAt(va) is { } m && (m.Flags & needed) == needed);
        if (!accessible || walk.PageCount == c.Range.Pages)
            return Outcome.Ok(walk);
        return Outcome.Violated($"pinned {walk.PageCount} of the {c.Range.Pages} mapped, accessible pages", walk);
    }
}
