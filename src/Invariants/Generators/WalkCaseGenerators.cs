using FsCheck;
using FsCheck.Fluent;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Shrinking;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Generators;

/// <summary>Walk cases aimed at folding bugs: a range across a boundary of some level, the pages of the range mostly
/// mapped, the same pages one level size lower mapped too (where a pointer that left its table or copy lands), a
/// few huge leaves and random mappings near boundaries, and every stack layout.</summary>
public static class WalkCaseGenerators
{
    private static readonly VmFlags[] Flags = [VmFlags.Read | VmFlags.Write, VmFlags.Read, VmFlags.Read | VmFlags.Write | VmFlags.Shared, VmFlags.Read | VmFlags.Exec];

    private static Gen<VmFlags> FlagsGen { get; } =
        Gen.Frequency((6, Gen.Constant(Flags[0])), (2, Gen.Constant(Flags[1])), (1, Gen.Constant(Flags[2])), (1, Gen.Constant(Flags[3])));

    /// <summary>Cases of <paramref name="model"/> whose range has at most <paramref name="maxPages"/> pages
    /// (per-page walkers want short ranges; level walkers take long ones in their stride), with huge leaves unless
    /// <paramref name="hugeLeaves"/> is false, and now and then a couple of hundred mappings elsewhere unless
    /// <paramref name="manyMappings"/> is false.</summary>
    /// <remarks>Only what depends on a drawn value is bound to it with <c>from</c>: FsCheck makes the generator after a
    /// <c>from</c> afresh for every draw (some 140 ns and 230 bytes a <c>from</c>). What does not is drawn beside it with
    /// <c>Zip</c> (a third of that, nothing allocated), from generators made once. Both thread one random state through
    /// the draws in the order written, so the cases are those the same draws would give in a chain of <c>from</c>s;
    /// a case draws tens to hundreds of values, and a check hundreds of thousands of cases.</remarks>
    public static Gen<WalkCase> Case(Model model, ulong maxPages, StackLayout? layout = null, bool hugeLeaves = true, bool manyMappings = true)
    {
        var extraMappings = ExtraMappings(model, manyMappings);
        var settings = (layout is { } fixedLayout ? Gen.Constant(fixedLayout) : StackLayoutGen).Zip(WriteGen, (stack, write) => (Stack: stack, Write: write));
        return from range in Range(model, maxPages)
               from c in RangeMappings(model, range)
                   .Zip(AliasMappings(model, range), (inRange, aliases) => (InRange: inRange, Aliases: aliases))
                   .Zip((hugeLeaves ? HugeMappings(model, range) : NoMappings).Zip(extraMappings, (huge, extra) => (Huge: huge, Extra: extra)),
                       (near, far) => (near.InRange, near.Aliases, far.Huge, far.Extra))
                   .Zip(settings, (m, s) => new WalkCase(model, WalkCaseShrinker.WithoutOverlaps([.. m.Huge, .. m.InRange, .. m.Aliases, .. m.Extra]), range, s.Stack, s.Write))
               select c;
    }

    private static Gen<PlannedMapping[]> NoMappings { get; } = Gen.Constant(Array.Empty<PlannedMapping>());

    private static Gen<StackLayout> StackLayoutGen { get; } = Gen.Elements(StackLayout.CallerCopy, StackLayout.RedZone, StackLayout.Zero);

    private static Gen<bool> WriteGen { get; } = Gen.Frequency((2, Gen.Constant(false)), (1, Gen.Constant(true)));

    private static Gen<bool> HalfTheTime { get; } = Gen.Frequency((1, Gen.Constant(false)), (1, Gen.Constant(true)));

    /// <summary>True three times in four.</summary>
    private static Gen<bool> Mostly { get; } = Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)));

    /// <summary>Cases with the joint shrinker; a fixed <paramref name="layout"/> is kept while shrinking.</summary>
    public static Arbitrary<WalkCase> Arbitrary(Model model, ulong maxPages, StackLayout? layout = null) =>
        Arb.From(Case(model, maxPages, layout), c => WalkCaseShrinker.Shrink(c, keepLayout: layout is not null));

    /// <summary>A range from a few pages below a boundary to a few pages above it; now and then a long one, and one in
    /// five a range that ends at the top of what the mm can map, where a process's stack ends and below which its
    /// mmap_base lies (<c>STACK_TOP</c>): the last slots of every level's table. On a model that reaches the top of the
    /// space that is the last page below it (<c>TASK_SIZE_MAX</c> = -PAGE_SIZE), where the top-level <c>pXd_addr_end</c>
    /// boundary wraps to 0. A range that ends at 0 itself is refused by every pagewalk (<c>start &gt;= end</c>, -EINVAL)
    /// and returns nothing from gup_fast, so the walker tests check it on its own.</summary>
    public static Gen<WalkRange> Range(Model model, ulong maxPages)
    {
        var reach = model.Reach;
        var sizes = AddressGenerators.SizesWithinReach(model).DefaultIfEmpty(reach / 4).ToArray();
        var longest = (int)Math.Min(maxPages, 1UL << 20);
        var pagesAside = Gen.Frequency((6, Gen.Choose(1, 3)), (2, Gen.Choose(1, Math.Max(1, Math.Min(32, longest / 2)))), (1, Gen.Choose(1, Math.Max(1, longest / 2))));
        var across = Gen.OneOf(sizes.Select(size => AddressGenerators.Boundary(size, reach)))
            .Zip(pagesAside.Zip(pagesAside, (before, after) => (Before: before, After: after)), (boundary, aside) => WalkRange.Create(
                boundary - Math.Min((ulong)aside.Before << model.Arch.Geometry.PageShift, boundary),
                Math.Min(boundary + ((ulong)aside.After << model.Arch.Geometry.PageShift), reach),
                model.Arch.Geometry.PageShift));
        var toTop = from pages in Gen.Choose(1, 16) select WalkRange.Create(reach - ((ulong)pages << model.Arch.Geometry.PageShift), reach, model.Arch.Geometry.PageShift);
        return Gen.Frequency((4, across), (1, toTop));
    }

    /// <summary>Most pages of the range (all below its first boundary, often), as 4 KiB mappings.</summary>
    private static Gen<PlannedMapping[]> RangeMappings(Model model, WalkRange range)
    {
        var pages = range.EachPage().Take(64).Where(va => va.Value <= model.Arch.TaskSizeMax - model.Arch.Geometry.PageSize).ToArray();
        return KeptPages[pages.Length].Zip(FlagsGen, (keep, flags) =>
            pages.Where((_, i) => keep[i]).Select(va => PlannedMapping.At(model.Arch, va, model.Arch.Geometry.BasePage, flags)).ToArray());
    }

    /// <summary>For each count of pages up to 64, which of them to map: each three times in four.</summary>
    private static Gen<bool[]>[] KeptPages { get; } = [.. Enumerable.Range(0, 65).Select(n => Gen.ArrayOf(Mostly, n))];

    /// <summary>The first pages of the range, one level size lower: where a walker that kept the wrong table lands.</summary>
    private static Gen<PlannedMapping[]> AliasMappings(Model model, WalkRange range)
    {
        var sizes = AddressGenerators.BoundarySizes(model).Where(s => s <= range.Start.Value + (range.Pages << model.Arch.Geometry.PageShift)).ToArray();
        if (sizes.Length == 0)
            return NoMappings;
        return Mostly.Zip(Gen.Elements(sizes), (wanted, size) => (Wanted: wanted, Size: size)).Zip(FlagsGen, (alias, flags) => alias.Wanted
            ? range.EachPage().Take(8).Where(va => va.Value >= alias.Size).Select(va => PlannedMapping.At(model.Arch, va - alias.Size, model.Arch.Geometry.BasePage, flags)).ToArray()
            : []);
    }

    /// <summary>Often a huge leaf holding the range's first page, or starting just after it; read-only as often as not.</summary>
    private static Gen<PlannedMapping[]> HugeMappings(Model model, WalkRange range)
    {
        var sizes = model.Arch.HugeSizes.ToArray();
        if (sizes.Length == 0)
            return NoMappings;
        return HalfTheTime.Zip(Gen.Elements(sizes)).Zip(Mostly.Zip(Gen.Elements(Flags)), (what, how) =>
        {
            var ((wanted, size), (holdsStart, flags)) = (what, how);
            var va = holdsStart ? range.Start.Value & ~(size.Bytes - 1) : (range.Start.Value + size.Bytes - 1) & ~(size.Bytes - 1);
            return wanted && va <= model.Arch.TaskSizeMax - size.Bytes ? [PlannedMapping.At(model.Arch, new VirtualAddress(va), size, flags)] : Array.Empty<PlannedMapping>();
        });
    }

    /// <summary>A few mappings near boundaries anywhere in reach (sometimes beyond it, which upgrades an s390 mm),
    /// and now and then a couple of hundred.</summary>
    private static Gen<PlannedMapping[]> ExtraMappings(Model model, bool many)
    {
        var withinReach = AddressGenerators.NearBoundary(model, model.Arch.Geometry.PageSize, model.Reach);
        var beyondReach = AddressGenerators.NearBoundary(model, model.Arch.Geometry.PageSize, model.Arch.TaskSizeMax);
        var one = Gen.Frequency((9, withinReach), (1, beyondReach))
            .Zip(FlagsGen, (va, flags) => PlannedMapping.At(model.Arch, va, model.Arch.Geometry.BasePage, flags));
        return from n in many ? Gen.Frequency((8, Gen.Choose(0, 3)), (1, Gen.Choose(20, 200))) : Gen.Choose(0, 3)
               from mappings in Gen.ArrayOf(one, n)
               select mappings;
    }
}
