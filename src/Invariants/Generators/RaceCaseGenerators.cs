using FsCheck;
using FsCheck.Fluent;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Shrinking;

namespace PgtableInvariants.Invariants.Generators;

/// <summary>Race cases: a walk case and what another CPU does to the walked range.</summary>
public static class RaceCaseGenerators
{
    /// <summary>A munmap of the walked range widened to whole spans of some level (so that its tables are freed), with
    /// a word for the freed pages' next owner.</summary>
    public static Gen<RaceWriter> Munmap(Model model) =>
        from span in Gen.Elements([model.Arch.Geometry.PageSize, .. AddressGenerators.BoundarySizes(model).Where(s => s < model.Reach)])
        from word in ReuseWords(model)
        select (RaceWriter)new RaceWriter.Munmap(span, word);

    /// <summary>A file collapse that retracts the pte table under the range's first pmd, with a word for the freed page's
    /// next owner.</summary>
    public static Gen<RaceWriter> Retract(Model model) =>
        from word in ReuseWords(model) select (RaceWriter)new RaceWriter.Retract(word);

    /// <summary>What the next owner of a freed table page writes in every word: nothing, all ones, or a pte.</summary>
    private static Gen<ulong> ReuseWords(Model model) =>
        Gen.Elements(0UL, ulong.MaxValue, model.Arch.MakeLeaf(model.Arch.Geometry.BasePage, new Pfn(0x666), VmFlags.Read | VmFlags.Write).Raw);

    /// <summary>A collapse into a huge page far above the frames the generators map (half the largest pfn).</summary>
    public static Gen<RaceWriter> Collapse(Model model) => Gen.Constant((RaceWriter)new RaceWriter.Collapse(FarFrames(model)));

    /// <summary>A migration of the range's first huge pmd mapping to frames far above those the generators map.</summary>
    public static Gen<RaceWriter> Migrate(Model model) => Gen.Constant((RaceWriter)new RaceWriter.Migrate(FarFrames(model)));

    /// <summary>A split of the range's first huge pmd mapping.</summary>
    public static Gen<RaceWriter> Split() => Gen.Constant((RaceWriter)new RaceWriter.Split());

    /// <summary>Whatever maps, unmaps, moves or splits the pages of the range: a fault, munmap, a copy-on-write break,
    /// THP migration, THP split.</summary>
    public static Gen<RaceWriter> Remapping(Model model) =>
        Gen.OneOf(FaultIn(model), Munmap(model), Gen.Constant((RaceWriter)new RaceWriter.Remap(FarFrames(model))), Migrate(model), Split());

    /// <summary>A fault of a frame far above those the generators map (on x86 PAE, above 4 GiB: both halves of its pte
    /// are non-zero).</summary>
    public static Gen<RaceWriter> FaultIn(Model model) => Gen.Constant((RaceWriter)new RaceWriter.FaultIn(FarFrames(model)));

    /// <summary>Pmd-aligned frames at half the largest pfn, where no generated mapping is.</summary>
    private static Pfn FarFrames(Model model) =>
        new(model.Arch.MaxPfn.Value / 2 & ~(model.Arch.Geometry.Leaf(Level.Pmd).Frames - 1));

    /// <summary>Cases of <paramref name="model"/> for a walker of ranges of at most <paramref name="maxPages"/> pages, in
    /// small address spaces (a race is between the few entries of the range); without <paramref name="huge"/> leaves,
    /// where the writer needs tables.</summary>
    /// <remarks>The parts are drawn side by side (<c>Zip</c>): none depends on another (see <see cref="WalkCaseGenerators.Case"/>).</remarks>
    public static Gen<RaceCase> Case(Model model, ulong maxPages, Gen<RaceWriter> writers, bool huge = true) =>
        WalkCaseGenerators.Case(model, maxPages, StackLayout.CallerCopy, huge, manyMappings: false)
            .Zip(writers, (walk, writer) => (Walk: walk, Writer: writer))
            .Zip(Draw.Zip(Draw, (access, steps) => (Access: access, Steps: steps)), (c, turn) => new RaceCase(c.Walk, c.Writer, turn.Access, turn.Steps));

    /// <summary>A draw for the turn: any of 2^31 values, taken modulo the number of choices.</summary>
    private static Gen<uint> Draw { get; } = Gen.Choose(0, int.MaxValue).Select(i => (uint)i);

    /// <summary>Cases with their shrinker.</summary>
    public static Arbitrary<RaceCase> Arbitrary(Model model, ulong maxPages, Gen<RaceWriter> writers, bool huge = true) =>
        Arb.From(Case(model, maxPages, writers, huge), RaceCaseShrinker.Shrink);
}
