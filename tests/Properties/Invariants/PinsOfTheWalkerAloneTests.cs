using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Properties.Invariants;

/// <summary>What <c>pins-were-mapped</c>, <c>upgrade-race</c> and <c>collapse-keeps-pins</c> leave to the others: a page
/// gup_fast pins wrongly without the other CPU, on the address space before its operation or after it, is the walker's
/// own departure, which <c>gup-fast-prefix</c> judges.</summary>
public sealed class PinsOfTheWalkerAloneTests
{
    private static readonly Model S390 = ModelCatalogue.S390ThreeLevel;

    /// <summary>Across s390's lowest 2 GiB boundary, with the pages <paramref name="mapped"/>: where the page at 0 and the
    /// page before the boundary are mapped, gup_fast 5.8 goes on past it and, from the slot after its copy of the pud,
    /// pins pfn 0 for 0x80000000.</summary>
    private static WalkCase Across(params ulong[] mapped) => new(S390,
        [.. mapped.Select(va => PlannedMapping.At(S390.Arch, new VirtualAddress(va), S390.Arch.Geometry.BasePage, VmFlags.Read | VmFlags.Write))],
        WalkRange.Create(0x7fff_f000, 0x8000_1000), StackLayout.CallerCopy, Write: false);

    private static Outcome Evaluate<TCase>(string id, TCase c) where TCase : notnull =>
        ((Invariant<TCase>)InvariantCatalogue.Find(id)!).Evaluate(c, WalkerCatalogue.GupFastV58, RunConfig.Default, trace: false);

    [Fact]
    public void A_page_pinned_only_once_the_other_cpu_maps_the_page_before_the_boundary_is_the_walkers_own_and_gup_fast_prefix_finds_it()
    {
        // cpu 1 faults in the hole at 0x7ffff000 before the walker reads its pte: the walk then goes on past the boundary.
        var race = new RaceCase(Across(0x0, 0x7fff_e000), new RaceWriter.FaultIn(new Pfn(0x4000)), AccessDraw: 0, StepsDraw: 0);

        var raced = Evaluate("pins-were-mapped", race);
        var alone = Evaluate("gup-fast-prefix", Across(0x0, 0x7fff_e000, 0x7fff_f000));

        Assert.True(raced.Holds, raced.Violation);
        Assert.Equal(new Pfn(0), raced.Walk!.PfnAt(new VirtualAddress(0x8000_0000)));
        Assert.False(alone.Holds);
        Assert.StartsWith("pinned pfn 0x0 for 0x80000000", alone.Violation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_pin_the_walk_makes_without_the_collapse_is_not_the_collapse_race()
    {
        // khugepaged's first step comes before the walker's second access to what it changes, the rest after the walk; the
        // walk goes on past the boundary and pins pfn 0 for 0x80000000, as it does without the collapse.
        var race = new RaceCase(Across(0x0, 0x7fff_f000), new RaceWriter.Collapse(new Pfn(0x7_ffff_ffff_ff00)), AccessDraw: 1, StepsDraw: 0);

        var raced = Evaluate("collapse-keeps-pins", race);

        Assert.True(raced.Holds, raced.Violation);
        Assert.Equal(new Pfn(0), raced.Walk!.PfnAt(new VirtualAddress(0x8000_0000)));
    }
}
