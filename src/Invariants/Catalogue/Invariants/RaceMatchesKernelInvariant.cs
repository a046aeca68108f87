using FsCheck;
using FsCheck.Fluent;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.KernelOracle.Building;
using PgtableInvariants.KernelOracle.Mirroring;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.GupFast;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>The model is the kernel under another CPU too: the kernel's own gup_fast, stopped where it calls
/// <c>rcu_read_lock()</c> (6.12's <c>pte_offset_map</c>, between its pmd read and its pte reads, and
/// <c>page_ref_add_unless</c>, just before each grab) for the stores the model's other CPU makes at the same call, pins
/// the same pages and leaves the same references as the model's gup_fast of the tree's era under that schedule. The
/// stores are those the model's CPU 1 made (a count of references it gave up on included): the real code then meets the
/// writer's collapse, munmap, copy-on-write break, migration or split at the same instant.</summary>
public sealed class RaceMatchesKernelInvariant : Invariant<RaceCase>
{
    /// <summary>Ranges of a few pages, as the model's race invariants walk.</summary>
    private const ulong MaxPages = 8;

    public override string Id => "race-matches-kernel";

    public override string Statement => "With another CPU's stores made where gup_fast calls rcu_read_lock(), the kernel's own code pins the same pages and leaves the same references as the model of its era under the same schedule.";

    public override IReadOnlyList<string> Walkers => [KernelWalker.GupFastName];

    public override bool NeedsKernel => true;

    /// <summary>Asked with the model's walker of the tree's era (see <c>InvariantRunner.Expect</c>).</summary>
    public override Expectation Expect(Model model, string? walker) =>
        OracleTarget.For(model)?.Target.Arch is not ("x86-64" or "arm64")
            ? Expectation.NotApplicable("the oracle builds this architecture without preemptible RCU: its rcu_read_lock() is inline, nowhere to stop the kernel's code")
        : GupFastShape.All.FirstOrDefault(s => s.Name == walker) is not { PteMap: PteMap.Checked, GrabsUnderRcu: true }
            ? Expectation.NotApplicable("the model's gup_fast of this era calls no rcu_read_lock() (pte_offset_map takes it from 6.5, page_ref_add_unless from 6.10; the model has both from 6.12)")
        : Expectation.Holds;

    public override Arbitrary<RaceCase> Arbitrary(Model model, string? walker, RunConfig config) =>
        RaceCaseGenerators.Arbitrary(model, MaxPages,
            Gen.OneOf(RaceCaseGenerators.Remapping(model), RaceCaseGenerators.Collapse(model), RaceCaseGenerators.Retract(model)));

    public override Outcome Evaluate(RaceCase c, string? walker, RunConfig config, bool trace)
    {
        var kernel = config.Kernel ?? throw new WalkerError($"{Id} needs a kernel tree");
        var real = WalkerInvariant.Resolve(walker!, c.Walk.Model, config) as KernelWalker ?? throw new WalkerError($"{Id} runs a kernel walker, not {walker}");
        var gupFast = WalkerInvariant.Resolve(KernelWalker.Counterpart(walker!, kernel.Tree.Era), c.Walk.Model, config);
        var range = c.Walk.Range;
        var options = c.Walk.Options(trace: false) with { Call = KernelWalker.CallOf(walker!) };
        var (counting, countedOperation) = c.Prepare();
        var steps = countedOperation.Steps.Count;
        var undisturbed = new InterleavingProbe();
        gupFast.Walk(counting, range, options with { OtherCpus = RaceCase.Schedule(countedOperation, new RaceTurn(0, 0), undisturbed, completesAfterWalk: false, InterleavingTrigger.RcuReadLock) });
        if (steps == 0 || undisturbed.RcuReadLocks == 0)
            return Outcome.Ok();

        // The model's walk under the turn, which the other CPU leaves unfinished, as the kernel's code meets it.
        var turn = c.Turn(undisturbed.RcuReadLocks, steps);
        var (mm, operation) = c.Prepare();
        var newMappings = OtherCpuMirror.NewMappings(operation);
        var folios = AddressSpaceMirror.Folios(mm).Concat(newMappings.Where(m => m.Size.IsHuge)).ToList();
        var watch = new InterleavingProbe();
        var model = gupFast.Walk(mm, range, c.Walk.Options(trace) with
        {
            Call = options.Call,
            OtherCpus = RaceCase.Schedule(operation, turn, watch, completesAfterWalk: false, InterleavingTrigger.RcuReadLock),
        });
        var stores = OtherCpuMirror.Stores(watch.MadeDuringWalk)
            ?? throw new WalkerError($"{c.Writer.Describe(c.Walk.Model, range)} stores what the server cannot (a half entry, a field of the mm)");
        var described = $"{stores.Count} store{(stores.Count == 1 ? "" : "s")} at the walker's rcu_read_lock() number {turn.AtAccess + 1} ({turn.Steps} step{(turn.Steps == 1 ? "" : "s")} of cpu 1)";
        if (real.WalkUnderWriter(c.Prepare().Mm, range, options, stores, newMappings) is not { } run)
            return Outcome.Violated("this build's rcu_read_lock() is inline: nowhere to stop the kernel's code", model);
        if (run.StoresMade is { } made && (made != stores.Count || run.RcuReadLocks != watch.RcuReadLocks))
            return Outcome.Violated($"the kernel's code called rcu_read_lock() {run.RcuReadLocks} times and made {made} of {described}; the model's called it {watch.RcuReadLocks} times", model);
        return Outcome.FirstOf(WalkMatchesKernelInvariant.Compare(folios, run.Walk, model).Select(d => d is null ? null : $"{d}; {described}"), model);
    }
}
