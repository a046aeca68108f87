using FsCheck;
using FsCheck.Fluent;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Generators;

/// <summary>A planned mapping: where, how big, with which flags. The pfn is assigned when the space is built.</summary>
public sealed record PlannedMapping(VirtualAddress Va, PageSize Size, VmFlags Flags)
{
    public override string ToString() => $"{Va} {Size} {Flags}";
}

/// <summary>A model and the mappings to build in a fresh address space of it.</summary>
public sealed record SpacePlan(Model Model, IReadOnlyList<PlannedMapping> Mappings)
{
    /// <summary>Frames are handed out 2 GiB apart from 4 GiB up, so every huge size is aligned and no two
    /// mappings share a frame.</summary>
    public static Pfn PfnFor(int index) => new(0x100000 + (ulong)index * 0x80000);

    /// <summary>Builds the space, skipping mappings that overlap an earlier one (the plan stays valid as it shrinks).</summary>
    public AddressSpace Build()
    {
        var mm = Model.NewAddressSpace();
        var taken = new List<(ulong Start, ulong End)>();
        foreach (var (m, i) in Mappings.Select((m, i) => (m, i)))
        {
            var start = m.Va.Value;
            var end = start + m.Size.Bytes;
            if (taken.Any(t => start < t.End && t.Start < end))
                continue;
            taken.Add((start, end));
            mm.Map(m.Va, PfnFor(i), m.Size, m.Flags);
        }
        return mm;
    }

    public override string ToString() => $"{Model}: [{string.Join(", ", Mappings)}]";
}

/// <summary>Address spaces aimed where page-table bugs live: near level boundaries, on both sides of them, one
/// entry away at each level, and up to the top of the model's reach.</summary>
public static class AddressSpaceGenerators
{
    private static readonly VmFlags[] Flags =
        [VmFlags.Read | VmFlags.Write, VmFlags.Read, VmFlags.Read | VmFlags.Write | VmFlags.Shared, VmFlags.Read | VmFlags.Exec];

    /// <summary>An address near a boundary of one of the model's levels, aligned to <paramref name="size"/>.</summary>
    public static Gen<VirtualAddress> NearBoundary(Model model, PageSize size) =>
        from level in Gen.Elements(model.Arch.Geometry.Levels.Where(l => !l.IsFolded && l.Level != Level.Pte).ToArray())
        from k in Gen.Frequency((3, Gen.Choose(0, 3)), (1, Gen.Choose(4, 2047)))
        from step in Gen.Elements(-1L, 0L, 1L, 2L)
        from above in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        let reach = above ? model.Arch.TaskSizeMax : model.Reach
        let boundary = unchecked((ulong)k * level.Size % (reach & ~(size.Bytes - 1)))
        let va = unchecked(boundary + (ulong)step * size.Bytes) & ~(size.Bytes - 1)
        select new VirtualAddress(va + size.Bytes > reach || va + size.Bytes < va ? boundary & ~(size.Bytes - 1) : va);

    public static Gen<PlannedMapping> Mapping(Model model) =>
        from size in Gen.Frequency(
            [(6, Gen.Constant(PageSize.Base)), .. model.Arch.HugeSizes.Select(s => (1, Gen.Constant(s)))])
        from va in NearBoundary(model, size)
        from flags in Gen.Elements(Flags)
        select new PlannedMapping(va, size, flags);

    public static Gen<SpacePlan> Plan(Model model) =>
        from n in Gen.Choose(1, 12)
        from mappings in Gen.ListOf(Mapping(model), n)
        select new SpacePlan(model, mappings.ToArray());

    /// <summary>Shrinks by dropping mappings (never below one) and by moving one down to a lower boundary.</summary>
    public static IEnumerable<SpacePlan> Shrink(SpacePlan plan)
    {
        for (var i = 0; i < plan.Mappings.Count && plan.Mappings.Count > 1; i++)
            yield return plan with { Mappings = plan.Mappings.Where((_, j) => j != i).ToArray() };
    }

    public static Arbitrary<SpacePlan> Arbitrary(Model model) => Arb.From(Plan(model), Shrink);

    /// <summary>Addresses to ask the hardware about: around every mapping, near every level boundary, and beyond reach.</summary>
    public static IEnumerable<VirtualAddress> Probes(AddressSpace mm, Model model)
    {
        foreach (var m in mm.Mappings)
        {
            yield return m.Va;
            yield return m.Va + (m.Size.Bytes - Geometry.PageSize);
            yield return m.Va + m.Size.Bytes / 2 / Geometry.PageSize * Geometry.PageSize;
            yield return m.Va - Geometry.PageSize;
            yield return m.End;
            foreach (var level in model.Arch.Geometry.Levels.Where(l => !l.IsFolded))
            {
                yield return m.Va + level.Size;
                yield return m.Va - level.Size;
            }
        }
        foreach (var a in new[] { model.Reach, model.Reach - Geometry.PageSize, model.Arch.TaskSizeMax, 1UL << 47, 1UL << 56, 1UL << 63, 0xffff_ffff_ffff_f000 })
            yield return new VirtualAddress(a);
    }
}
