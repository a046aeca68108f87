using FsCheck;
using FsCheck.Fluent;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Shrinking;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Bench.Finding;

/// <summary>The plain baseline: page-aligned ranges of 1 to 16 pages and 1 to 12 base-page mappings, all uniform in the
/// model's reach; every layout; the same joint shrinker as the project's generators.</summary>
public static class BaselineGenerators
{
    private static Gen<ulong> UniformPage(Model model, ulong reach) =>
        from hi in Gen.Choose(0, int.MaxValue)
        from lo in Gen.Choose(0, int.MaxValue)
        select ((((ulong)(uint)hi << 31) | (uint)lo) % ((reach >> model.Arch.Geometry.PageShift) - 32)) << model.Arch.Geometry.PageShift;

    public static Arbitrary<WalkCase> Arbitrary(Model model)
    {
        var gen =
            from start in UniformPage(model, model.Reach)
            from pages in Gen.Choose(1, 16)
            from n in Gen.Choose(1, 12)
            from vas in Gen.ArrayOf(UniformPage(model, model.Reach), n)
            from layout in Gen.Elements(StackLayout.CallerCopy, StackLayout.RedZone, StackLayout.Zero)
            select new WalkCase(
                model,
                WalkCaseShrinker.WithoutOverlaps(vas.Select(va => PlannedMapping.At(model.Arch, new VirtualAddress(va), model.Arch.Geometry.BasePage, VmFlags.Read | VmFlags.Write))),
                WalkRange.Create(start, start + ((ulong)pages << model.Arch.Geometry.PageShift), model.Arch.Geometry.PageShift),
                layout,
                false);
        return Arb.From(gen, c => WalkCaseShrinker.Shrink(c));
    }

    /// <summary>Page-aligned addresses uniform over the 64-bit space, shrunk by <paramref name="project"/>'s shrinker.</summary>
    public static Arbitrary<AddressCase> Addresses(Model model, Arbitrary<AddressCase> project) =>
        Arb.From(
            from hi in Gen.Choose(0, int.MaxValue)
            from lo in Gen.Choose(0, int.MaxValue)
            select new AddressCase(model, new VirtualAddress((((ulong)(uint)hi << 33) | ((ulong)(uint)lo << 2)) & ~(model.Arch.Geometry.PageSize - 1))),
            project.Shrinker);
}
