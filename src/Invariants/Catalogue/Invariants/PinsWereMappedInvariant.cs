using FsCheck;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>What gup_fast pins is what the process maps: every page it pins was mapped at its address at some instant of
/// the walk (before it, or between two steps of the other CPU). A walker that reads a table page freed and handed out
/// again pins whatever the new owner wrote there.</summary>
/// <remarks>The access is <c>gup-fast-write</c>'s to check: the writers here unmap and move pages, none changes a
/// permission, so a pin for write of a read-only page is the same departure with or without them (s390's huge pud
/// before 6.12).</remarks>
public sealed class PinsWereMappedInvariant : MappedAtSomeInstantInvariant
{
    public override string Id => "pins-were-mapped";

    public override string Statement => "While another CPU unmaps, migrates or splits the range, every page gup_fast pins was mapped at its address at some instant of the walk.";

    public override Expectation Expect(Model model, string? walker) => Expectation.Holds;

    protected override Gen<RaceWriter> Writers(Model model) => RaceCaseGenerators.Remapping(model);
}
