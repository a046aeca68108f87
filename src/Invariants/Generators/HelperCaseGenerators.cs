using FsCheck;
using FsCheck.Fluent;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;

namespace PgtableInvariants.Invariants.Generators;

/// <summary>Cases for <c>helpers-match-kernel</c>: the walk cases of the suite (tables on both sides of every
/// boundary, huge leaves, holes) plus raw values: leaves the model makes under every protection, each passed through
/// one of the mk helpers, and arbitrary 64-bit patterns.</summary>
public static class HelperCaseGenerators
{
    private static readonly Func<Arch.Architectures.IArchitecture, Entry, Entry>[] Makers =
    [
        (_, e) => e, (a, e) => a.MkYoung(e), (a, e) => a.MkOld(e), (a, e) => a.MkDirty(e), (a, e) => a.MkClean(e),
        (a, e) => a.MkWrite(e), (a, e) => a.Wrprotect(e),
    ];

    public static Arbitrary<HelperCase> Arbitrary(Model model)
    {
        var walks = WalkCaseGenerators.Arbitrary(model, 4096);
        var gen =
            from walk in walks.Generator
            from raws in Gen.ListOf(Raw(model)).Select(l => l.Take(6).ToArray())
            select new HelperCase(walk, raws);
        return Arb.From(gen, c => Shrink(c, walks));
    }

    /// <summary>A raw entry: a leaf of the model (any level it maps, any protection, one mk helper) or any bits.</summary>
    private static Gen<ulong> Raw(Model model)
    {
        var arch = model.Arch;
        var sizes = new[] { arch.Geometry.BasePage }.Concat(arch.HugeSizes).ToArray();
        var leaf =
            from size in Gen.Elements(sizes)
            from frame in Gen.Choose(0, 1 << 20)
            from flags in Gen.Choose(0, 15)
            from maker in Gen.Elements(Makers)
            let made = arch.MakeLeaf(size, PfnPolicy.Aligned(arch, (ulong)frame, size.Frames), (VmFlags)flags)
            select (size.IsHuge && !arch.HasLeafHelpers(size.Level) ? made : maker(arch, made)).Raw;
        var bits =
            from high in Gen.Choose(int.MinValue, int.MaxValue)
            from low in Gen.Choose(int.MinValue, int.MaxValue)
            select ((ulong)(uint)high << 32) | (uint)low;
        return Gen.Frequency((3, leaf), (1, bits));
    }

    /// <summary>Fewer raw values first, then the walk case shrunk as every walk case is.</summary>
    private static IEnumerable<HelperCase> Shrink(HelperCase c, Arbitrary<WalkCase> walks)
    {
        for (var i = 0; i < c.Raws.Count; i++)
            yield return c with { Raws = [.. c.Raws.Take(i), .. c.Raws.Skip(i + 1)] };
        foreach (var walk in walks.Shrinker(c.Walk))
            yield return c with { Walk = walk };
    }
}
