using FsCheck;
using FsCheck.Fluent;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Shrinking;

namespace PgtableInvariants.Invariants.Generators;

/// <summary>Race cases: a walk case, a munmap on another CPU of the walked range widened to whole spans of some level
/// (so that its tables are freed), a word for the freed pages' next owner, and a few turns of the other CPU early in
/// the walk, where its loads are.</summary>
public static class RaceCaseGenerators
{
    /// <summary>Cases of <paramref name="model"/> for a walker of ranges of at most <paramref name="maxPages"/> pages.</summary>
    public static Gen<RaceCase> Case(Model model, ulong maxPages) =>
        from walk in WalkCaseGenerators.Case(model, maxPages, StackLayout.CallerCopy)
        from span in Gen.Elements([model.Arch.Geometry.PageSize, .. AddressGenerators.BoundarySizes(model).Where(s => s < model.Reach)])
        from word in Gen.Elements(0UL, ulong.MaxValue, model.Arch.MakeLeaf(model.Arch.Geometry.BasePage, new Pfn(0x666), VmFlags.Read | VmFlags.Write).Raw)
        from turns in Turns
        select new RaceCase(walk, span, word, turns);

    /// <summary>One to three turns before loads 0 to 40, in order, of one to eight steps each, or of all the
    /// operation's steps.</summary>
    private static Gen<RaceTurn[]> Turns { get; } =
        from n in Gen.Choose(1, 3)
        from loads in Gen.ArrayOf(Gen.Choose(0, 40), n)
        from steps in Gen.ArrayOf(Gen.Frequency((3, Gen.Choose(1, 8)), (1, Gen.Constant(64))), n)
        select loads.Order().Zip(steps, (l, s) => new RaceTurn(l, s)).ToArray();

    /// <summary>Cases with their shrinker.</summary>
    public static Arbitrary<RaceCase> Arbitrary(Model model, ulong maxPages) => Arb.From(Case(model, maxPages), RaceCaseShrinker.Shrink);
}
