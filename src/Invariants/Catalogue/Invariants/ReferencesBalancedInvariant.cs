using FsCheck;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>gup_fast's references against a writer that makes its re-checks fail: every reference it takes
/// (<c>try_grab_folio</c>) is kept for a page it pins or dropped (<c>gup_put_folio</c>) when a re-check fails, so once the
/// walk ends it holds exactly one reference a pinned page: none leaked, none put twice.</summary>
public sealed class ReferencesBalancedInvariant : RaceInvariant
{
    public override string Id => "references-balanced";

    public override string Statement => "While another CPU unmaps, migrates or splits the range, gup_fast ends holding exactly one reference on each page it pins.";

    public override Expectation Expect(Model model, string? walker) => Expectation.Holds;

    protected override Gen<RaceWriter> Writers(Model model) => RaceCaseGenerators.Remapping(model);

    protected override Outcome Judge(RaceCase c, AddressSpace mm, WalkResult walk, RaceWatch watch)
    {
        var held = new Dictionary<ulong, int>();
        foreach (var (first, pages) in mm.Memory.References.Runs)
            for (var i = 0UL; i < pages; i++)
                held[first.Value + i] = held.GetValueOrDefault(first.Value + i) + 1;
        foreach (var (va, pfn) in walk.EachPage())
        {
            if (held.GetValueOrDefault(pfn.Value) == 0)
                return Outcome.Violated($"pinned {pfn} for {va} without a reference on it", walk);
            held[pfn.Value]--;
        }
        return held.FirstOrDefault(h => h.Value > 0) is { Value: > 0 } leaked
            ? Outcome.Violated($"holds a reference on {new Pfn(leaked.Key)}, which it did not pin", walk)
            : Outcome.Ok(walk);
    }
}
