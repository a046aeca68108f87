using FsCheck;
using FsCheck.Fluent;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;

namespace PgtableInvariants.Invariants.Generators;

/// <summary>Inputs of the properties of a model alone: addresses, (addr, end) pairs and entries.</summary>
public static class ModelCaseGenerators
{
    /// <summary>Addresses near boundaries anywhere in the 64-bit space.</summary>
    public static Arbitrary<AddressCase> Addresses(Model model) =>
        Arb.From(
            from va in AddressGenerators.NearBoundary(model, model.Arch.Geometry.PageSize, ulong.MaxValue - model.Arch.Geometry.PageSize)
            select new AddressCase(model, va),
            c => c.Addr.Value == 0 ? [] : [c with { Addr = new VirtualAddress(0) }, c with { Addr = c.Addr.AlignDown(c.Addr.Value / 2 + 1) }]);

    /// <summary><c>addr</c> near a boundary (up to the top of the space), <c>end</c> a page, a level or far away,
    /// or 0 for the top.</summary>
    public static Arbitrary<AddrEndCase> AddrEnds(Model model)
    {
        var sizes = AddressGenerators.BoundarySizes(model).ToArray();
        var gen =
            from addr in Gen.Frequency(
                (4, AddressGenerators.NearBoundary(model, model.Arch.Geometry.PageSize, ulong.MaxValue - model.Arch.Geometry.PageSize)),
                (1, from pages in Gen.Choose(1, 64) select new VirtualAddress(0UL - ((ulong)pages << model.Arch.Geometry.PageShift))))
            from size in Gen.Elements(sizes)
            from k in Gen.Elements(1UL, 1UL, 2UL, 3UL, 513UL)
            from delta in Gen.Elements(-1L, 0L, 1L)
            from pages in Gen.Choose(1, 8)
            from small in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
            from top in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
            let span = small ? (ulong)pages << model.Arch.Geometry.PageShift : unchecked(k * size + (ulong)(delta * (long)model.Arch.Geometry.PageSize))
            let end = unchecked(addr.Value + span)
            select new AddrEndCase(model, addr, new VirtualAddress(top || end <= addr.Value || span == 0 ? 0 : end));
        return Arb.From(gen, c => c.End.Value == 0 ? [] : [c with { End = new VirtualAddress(0) }]);
    }

    /// <summary>A level with leaves or tables to test, a frame aligned to it, and one of the 16 protections.</summary>
    public static Arbitrary<EntryCase> Entries(Model model, IReadOnlyList<Level> levels)
    {
        ulong FramesOf(Level level) => model.Arch.HugeSizes.FirstOrDefault(s => s.Level == level, model.Arch.Geometry.BasePage).Frames;
        var gen =
            from level in Gen.Elements(levels.ToArray())
            from n in Gen.Choose(1, 1 << 20)
            from prot in Gen.Choose(0, 15)
            select new EntryCase(model, level, PfnPolicy.Aligned(model.Arch, (ulong)n, FramesOf(level)), (VmFlags)prot);
        return Arb.From(gen, c => c.Pfn.Value == FramesOf(c.Level) ? [] : [c with { Pfn = new Pfn(FramesOf(c.Level)) }]);
    }
}
