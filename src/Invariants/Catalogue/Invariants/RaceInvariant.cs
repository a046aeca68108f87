using FsCheck;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>An invariant of gup_fast against another CPU. Each case is an address space, a range, what the other CPU
/// does and one turn of it: its first <c>s</c> steps just before the walker's access <c>r</c> to something it changes
/// (a load of an entry it stores to or of a table page it frees, <c>try_grab_folio</c> on a folio whose references it
/// counts), the rest after the walk. A race needs the other CPU between two such accesses, and a walk makes a handful of
/// them among dozens of loads, so the case draws <c>r</c> among the accesses the undisturbed walk makes and <c>s</c>
/// among the operation's steps: few schedules, each as likely. A case may instead carry a whole schedule over every
/// access (<see cref="RaceCase.WholeSchedule"/>, the benchmark's baselines).</summary>
public abstract class RaceInvariant : Invariant<RaceCase>
{
    /// <summary>Ranges of a few pages: the races are at the first entries a walk reads, and the fewer the pages, the
    /// fewer the schedules.</summary>
    private const ulong MaxPages = 8;

    public override IReadOnlyList<string> Walkers => WalkerCatalogue.GupFast;

    /// <summary>What the other CPU does.</summary>
    protected abstract Gen<RaceWriter> Writers(Model model);

    /// <summary>True when the judge asks what the hardware made of the range at every instant of the walk.</summary>
    protected virtual bool WatchesInstants => false;

    /// <summary>True when the judge reads the walk's trace, so every walk is traced.</summary>
    protected virtual bool NeedsTrace => false;

    /// <summary>False when the other CPU needs tables where the generators would put huge leaves.</summary>
    protected virtual bool HugeLeaves => true;

    public override Arbitrary<RaceCase> Arbitrary(Model model, string? walker, RunConfig config) =>
        RaceCaseGenerators.Arbitrary(model, MaxPages, Writers(model), HugeLeaves);

    public override Outcome Evaluate(RaceCase c, string? walker, RunConfig config, bool trace)
    {
        var gupFast = WalkerInvariant.Resolve(walker!, c.Walk.Model, config);
        var (mm, operation) = c.Prepare();
        var steps = operation.Steps.Count;
        if (steps == 0)
            return Outcome.Ok();
        // The undisturbed walk, watched, says how many times it accesses what the other CPU changes.
        var undisturbed = new InterleavingProbe();
        gupFast.Walk(mm, c.Walk.Range, c.Walk.Options(trace: false) with { OtherCpus = RaceCase.Schedule(operation, new RaceTurn(0, 0), undisturbed, completesAfterWalk: false) });
        if (undisturbed.AccessesToWhatItChanges == 0)
            return Outcome.Ok();
        mm.Memory.References.Clear();
        var watch = new RaceWatch(c, mm, AloneOn, WatchesInstants);
        Interleaving schedule;
        string described;
        if (c.WholeSchedule is { } whole)
        {
            var before = whole.Before(undisturbed.Accesses, steps);
            schedule = new Interleaving([operation], before, InterleavingTrigger.EveryAccess, watch.Seen);
            described = $"cpu 1 makes its steps just before the walker's accesses {string.Join(", ", before)} of {undisturbed.Accesses} ({whole})";
        }
        else
        {
            var turn = c.Turn(undisturbed.AccessesToWhatItChanges, steps);
            schedule = RaceCase.Schedule(operation, turn, watch.Seen);
            described = turn.ToString();
        }
        var walk = gupFast.Walk(mm, c.Walk.Range, c.Walk.Options(trace || NeedsTrace) with { OtherCpus = schedule });
        return Judge(c, mm, walk, watch) is { Holds: false } violated ? violated with { Violation = $"{violated.Violation}; {described}" } : Outcome.Ok(walk);

        // The address space before cpu 1's operation, or after it has made every step, walked without it.
        (AddressSpace, WalkResult) AloneOn(bool afterTheOperation)
        {
            var (state, steps) = c.Prepare();
            if (afterTheOperation)
                RaceCase.Schedule(steps, new RaceTurn(0, 0)).Start(state).Complete();
            return (state, gupFast.Walk(state, c.Walk.Range, c.Walk.Options(trace: false)));
        }
    }

    /// <summary>The verdict on one walk, once both CPUs are done; <paramref name="watch"/> tells what its accesses met
    /// (the walk has a trace only when the runner asks for one, to explain a counterexample, or <see cref="NeedsTrace"/>).</summary>
    protected abstract Outcome Judge(RaceCase c, AddressSpace mm, WalkResult walk, RaceWatch watch);
}
