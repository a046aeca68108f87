using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>The walkers that hold the mmap lock see the tables as the hardware does: page for page, the same frame
/// or the same absence.</summary>
/// <remarks>On a short range every page is compared; on a long one, every page the walker or the record has, the
/// first and last page of each run and mapping, and the range's ends.</remarks>
public sealed class WalkMatchesHardwareInvariant : WalkerInvariant
{
    private const ulong EveryPageUpTo = 256;

    public override string Id => "walk-matches-hardware";

    public override string Statement => "pagewalk and slow gup find, page for page, what the hardware walk finds.";

    public override IReadOnlyList<string> Walkers { get; } =
        [.. WalkerCatalogue.PageWalks, WalkerCatalogue.GupSlow, KernelWalker.PageWalkName];

    public override Expectation Expect(Model model, string? walker) => Expectation.Holds;

    protected override Outcome Judge(WalkCase c, AddressSpace mm, WalkResult walk)
    {
        if (walk.Fault is not null)
            return Outcome.Violated($"the walk faulted: {walk.Fault}", walk);
        var access = c.Write && walk.Walker == WalkerCatalogue.GupSlow ? Access.Write : Access.Read;
        foreach (var va in Probes(c, mm, walk))
        {
            var hardware = c.Model.Mmu.Translate(new Cpu(mm.Memory), mm, va, access);
            var found = walk.PfnAt(va);
            if (hardware.Pfn != found)
                return Outcome.Violated($"{va}: {walk.Walker} finds {found?.ToString() ?? "nothing"}, the hardware gives {hardware}", walk);
        }
        return Outcome.Ok(walk);
    }

    private static IEnumerable<VirtualAddress> Probes(WalkCase c, AddressSpace mm, WalkResult walk)
    {
        var range = c.Range;
        var probes = range.Pages <= EveryPageUpTo ? range.EachPage().ToList() : [range.Start, range.End - range.PageSize];
        foreach (var run in walk.Pages)
            probes.AddRange([run.Va, run.Va + ((run.Pages - 1) << range.PageShift)]);
        foreach (var m in mm.Mappings)
            probes.AddRange(new[] { m.Va, m.End - range.PageSize, range.Start, range.End - range.PageSize }
                .Where(va => m.Contains(va) && range.Contains(va)));
        return probes.Distinct();
    }
}
