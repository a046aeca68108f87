using System.Collections.Concurrent;
using FsCheck;
using FsCheck.Fluent;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Invariants.Generators;

/// <summary>Addresses where page-table bugs live: on, just below and just above boundaries of every level size
/// the model compiles in (on s390 also the static sizes of levels a small mm folds), up to its reach.</summary>
public static class AddressGenerators
{
    /// <summary>The distinct sizes of the model's pgd…pmd levels, largest first.</summary>
    public static IReadOnlyList<ulong> BoundarySizes(Model model) =>
        model.Arch.Geometry.Levels.Where(l => l.Level != Level.Pte).Select(l => l.Size).Distinct().OrderDescending().ToArray();

    /// <summary>Sizes whose second boundary lies within the model's reach.</summary>
    public static IReadOnlyList<ulong> SizesWithinReach(Model model) =>
        BoundarySizes(model).Where(s => s <= model.Reach / 2).ToArray();

    private static readonly ConcurrentDictionary<(ulong Size, ulong Reach), Gen<ulong>> Boundaries = new();

    /// <summary>A multiple of <paramref name="size"/> in <c>(0, reach)</c>, mostly one of the first few.</summary>
    /// <remarks>Made once per (size, reach): a generator is a pure function of the random state, so one serves the
    /// generators of every cell.</remarks>
    public static Gen<ulong> Boundary(ulong size, ulong reach) => Boundaries.GetOrAdd((size, reach), static key =>
    {
        var most = (int)Math.Min((key.Reach - 1) / key.Size, int.MaxValue);
        return from k in Gen.Frequency((6, Gen.Choose(1, Math.Min(3, most))), (2, Gen.Choose(1, Math.Min(64, most))), (1, Gen.Choose(1, most)))
               select (ulong)k * key.Size;
    });

    /// <summary>An address near a boundary of one of the model's levels, aligned to <paramref name="alignment"/>,
    /// below <paramref name="reach"/> by at least <paramref name="alignment"/>.</summary>
    /// <remarks>The boundary of each size is its own generator, one picked at random (as a size picked and then its
    /// boundary), and the step is drawn beside it: no generator is made while drawing.</remarks>
    public static Gen<VirtualAddress> NearBoundary(Model model, ulong alignment, ulong reach) =>
        Gen.OneOf(BoundarySizes(model).Where(s => s < reach).DefaultIfEmpty(alignment).Select(size => Boundary(Math.Max(size, alignment), reach)))
            .Zip(Steps, (boundary, step) =>
            {
                var va = unchecked(boundary + (ulong)(step * (long)alignment));
                return new VirtualAddress(va <= reach - alignment ? va : boundary - alignment);
            });

    /// <summary>Two below, on (twice as often), or one above a boundary, in units of the alignment.</summary>
    private static Gen<long> Steps { get; } = Gen.Elements(-2L, -1L, 0L, 0L, 1L);
}
