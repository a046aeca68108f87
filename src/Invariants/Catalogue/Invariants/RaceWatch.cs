using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.OtherCpus;
using PgtableInvariants.Invariants.Cases;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>What a race property watched of one walk: what the walker's accesses met (<see cref="Seen"/>) and, when asked
/// for, what the hardware made of each page of the range at every instant of the walk (before it, and after each step
/// the other CPU made during it).</summary>
public sealed class RaceWatch
{
    private readonly RaceCase c;
    private readonly AddressSpace mm;
    private readonly HashSet<(ulong Va, ulong Pfn)> mapped = [];

    internal RaceWatch(RaceCase c, AddressSpace mm, bool instants)
    {
        this.c = c;
        this.mm = mm;
        Seen = new InterleavingProbe { AfterStepDuringWalk = instants ? Look : null };
        if (instants)
            Look();
    }

    /// <summary>What the walker's accesses met.</summary>
    public InterleavingProbe Seen { get; }

    /// <summary>True when <paramref name="va"/> mapped <paramref name="pfn"/> (for a read) at some instant watched.</summary>
    public bool WasMapped(VirtualAddress va, Pfn pfn) => mapped.Contains((va.Value, pfn.Value));

    private void Look()
    {
        var mmu = c.Walk.Model.Mmu;
        var cpu = new Cpu(mm.Memory);
        var range = c.Walk.Range;
        for (var page = 0UL; page < range.Pages; page++)
        {
            var va = range.Start + (page << range.PageShift);
            if (mmu.Translate(cpu, mm, va, Access.Read).Pfn is { } pfn)
                mapped.Add((va.Value, pfn.Value));
        }
    }
}
