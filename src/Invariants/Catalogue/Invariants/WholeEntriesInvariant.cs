using FsCheck;
using FsCheck.Fluent;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>No torn entry: where the CPU loads and stores 64-bit entries in 32-bit halves (x86 PAE), every entry value
/// gup_fast acts on is one its slot held whole at some instant of the walk. <c>native_set_pte</c> stores the high
/// half before the low one, which holds the present bit, and gup_fast reads a pte low, high, and low again until the
/// low half holds (<c>gup_get_pte</c>, <c>ptep_get_lockless</c>): a read that takes the high half first can pair the
/// old high half with the new low one. Its pmd read was <c>READ_ONCE(*pmdp)</c>, high half first, until
/// <c>pmdp_get_lockless</c> (6.2): a pmd exchanged whole between its two loads (<c>pmdp_huge_get_and_clear</c>) is read
/// torn.</summary>
public sealed class WholeEntriesInvariant : RaceInvariant
{
    public override string Id => "whole-entries";

    public override string Statement => "Where entries are stored in halves (x86 PAE), every entry value gup_fast acts on is one its slot held whole at some instant of the walk.";

    public override Expectation Expect(Model model, string? walker) =>
        !model.Arch.SplitsEntries ? Expectation.NotApplicable("entries are loaded and stored whole")
        : !KnownDepartures.ReadsPmdInHalvesOnce(walker) || KnownDepartures.NoPmdThp(model) ? Expectation.Holds
        : Expectation.Falsified(KnownDepartures.PmdReadOnce);

    /// <summary>A torn pmd needs three draws at once: a 2 MiB leaf over the range's first page, the other CPU unmapping
    /// it, and its step between the loads of the pmd's two halves. Half of twenty seeds needed more than 30 cases to
    /// have all three, the worst 262 (bench/README.md §1b), so 200 cases can miss it; 1,000 found it with each of forty
    /// replay seeds.</summary>
    public override int CasesPerAskedCase => 5;

    protected override bool NeedsTrace => true;

    protected override bool WatchesInstants => true;

    protected override Gen<RaceWriter> Writers(Model model) => Gen.OneOf(RaceCaseGenerators.FaultIn(model), RaceCaseGenerators.Munmap(model));

    protected override Outcome Judge(RaceCase c, AddressSpace mm, WalkResult walk, RaceWatch watch)
    {
        foreach (var s in walk.Trace.Steps)
            if (s is { IsOwnRead: true, Cpu: 0, Pointer: { } p, Value: { } value } && watch.Watches(p.Address) && !watch.Held(p.Address, value.Raw))
                return Outcome.Violated($"{s.Function} used {p.Level.Name()} 0x{value.Raw:x} of {p.Address:x16} ({s.Helper}, step {s.Number}), which the slot never held whole", walk);
        return Outcome.Ok(walk);
    }
}
