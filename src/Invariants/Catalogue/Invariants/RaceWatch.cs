using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.OtherCpus;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>What a race property watched of one walk: what the walker's accesses met (<see cref="Seen"/>) and, when asked
/// for, what the hardware made of each page of the range at every instant of the walk (before it, and after each step
/// the other CPU made during it).</summary>
public sealed class RaceWatch
{
    private readonly RaceCase c;
    private readonly AddressSpace mm;
    private readonly HashSet<(ulong Va, ulong Pfn)> mapped = [];
    private readonly HashSet<(ulong Address, ulong Value)> held = [];
    private readonly HashSet<ulong> slots = [];
    private readonly Func<bool, (AddressSpace Mm, WalkResult Walk)> aloneOn;
    private (AddressSpace Mm, WalkResult Walk)? before, after;

    /// <summary>A watch of one walk; <paramref name="aloneOn"/> makes the walk without the other CPU on the address
    /// space before its operation (false) or after it (true), asked for only to judge a pin the race does not explain.</summary>
    internal RaceWatch(RaceCase c, AddressSpace mm, Func<bool, (AddressSpace Mm, WalkResult Walk)> aloneOn, bool instants)
    {
        this.c = c;
        this.mm = mm;
        this.aloneOn = aloneOn;
        Seen = new InterleavingProbe { AfterStepDuringWalk = instants ? Look : null };
        if (instants)
            Look();
    }

    /// <summary>True when the walk without the other CPU pins <paramref name="pfn"/> for <paramref name="va"/> where the
    /// hardware maps something else, on the address space before the other CPU's operation or after it: a departure of
    /// the walker alone, on a state with no operation under way, which another invariant judges (on s390 before 5.9,
    /// gup_fast's walk from its stack copies pins past a boundary once a fault has mapped the page before it). The
    /// states between the operation's steps are not asked: they may be what the race is about (an s390 upgrade that
    /// stored the new limit but not yet the new top).</summary>
    public bool WalkerAloneDeparts(VirtualAddress va, Pfn pfn) =>
        Departs(before ??= aloneOn(false), va, pfn) || Departs(after ??= aloneOn(true), va, pfn);

    private bool Departs((AddressSpace Mm, WalkResult Walk) alone, VirtualAddress va, Pfn pfn) =>
        alone.Walk.PfnAt(va) == pfn && c.Walk.Model.Mmu.Translate(new Cpu(alone.Mm.Memory), alone.Mm, va, Access.Read).Pfn != pfn;

    /// <summary>What the walker's accesses met.</summary>
    public InterleavingProbe Seen { get; }

    /// <summary>True when the slot at <paramref name="address"/>, one on the way to a page of the range, held
    /// <paramref name="value"/> whole at some instant watched.</summary>
    public bool Held(ulong address, ulong value) => held.Contains((address, value));

    /// <summary>True when <paramref name="address"/> is a slot on the way to a page of the range at some instant watched
    /// (not the walker's own copy of an entry on its stack).</summary>
    public bool Watches(ulong address) => slots.Contains(address);

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
            foreach (var level in Arch.Levels.LevelExtensions.TopDown)
                if (mm.Slot(va, level) is { } p)
                {
                    slots.Add(p.Address);
                    held.Add((p.Address, cpu.Load(p).Raw));
                }
        }
    }
}
