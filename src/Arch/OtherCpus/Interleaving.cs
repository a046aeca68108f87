using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Arch.OtherCpus;

/// <summary>A schedule of one other CPU (CPU 1) against a walking CPU (CPU 0): CPU 1 makes the steps of its operations
/// in order, its step <c>i</c> just before the walker's access number <c>Before[i]</c> (counted from 0, among every load
/// and grab of references, or only those of what CPU 1 changes, or among the walker's <c>rcu_read_lock()</c> calls:
/// <see cref="Trigger"/>), or later if it is a wait the walker holds up. Steps scheduled after the walker's last such access are made after the walk.</summary>
public sealed record Interleaving
{
    /// <summary>A schedule of <paramref name="operations"/> whose steps, in order, come before the walker's accesses
    /// <paramref name="before"/> (one number a step, never decreasing), counted as <paramref name="trigger"/> says.</summary>
    public Interleaving(IReadOnlyList<OtherCpuOperation> operations, IReadOnlyList<long> before, InterleavingTrigger trigger = InterleavingTrigger.EveryAccess,
        InterleavingProbe? probe = null, bool completesAfterWalk = true)
    {
        Steps = [.. operations.SelectMany(o => o.Steps.Select(s => (o, s)))];
        Guard.Argument(before.Count == Steps.Count, nameof(before), $"{before.Count} places for {Steps.Count} steps");
        Guard.Argument(before.Zip(before.Skip(1)).All(p => p.First <= p.Second) && before.All(b => b >= 0), nameof(before),
            "the places of the steps are accesses in program order: never negative, never decreasing");
        Operations = operations;
        Before = before;
        Trigger = trigger;
        Probe = probe;
        CompletesAfterWalk = completesAfterWalk;
    }

    /// <summary>Which accesses <see cref="Before"/> counts.</summary>
    public InterleavingTrigger Trigger { get; }

    /// <summary>Where to tell what the walker's accesses met, if anywhere.</summary>
    public InterleavingProbe? Probe { get; }

    /// <summary>False for a schedule that only watches a walk: the steps left after it are never made, and the address
    /// space stays as the walk found it.</summary>
    public bool CompletesAfterWalk { get; }

    /// <summary>True when <paramref name="p"/> reads something CPU 1 changes.</summary>
    public bool Changes(EntryPointer p)
    {
        foreach (var operation in Operations)
            if (operation.Changes(p))
                return true;
        return false;
    }

    /// <summary>True when CPU 1 stores to <paramref name="field"/> of the mm.</summary>
    public bool Changes(MmField field) => Operations.Any(o => o.Changes(field));

    /// <summary>True when CPU 1 counts the references of a folio among <paramref name="pages"/> pages from
    /// <paramref name="pfn"/>.</summary>
    public bool Counts(Pfn pfn, ulong pages)
    {
        foreach (var operation in Operations)
            if (operation.Counts(pfn, pages))
                return true;
        return false;
    }

    public IReadOnlyList<OtherCpuOperation> Operations { get; }

    /// <summary>The access of the walker before which each step comes.</summary>
    public IReadOnlyList<long> Before { get; }

    /// <summary>Every step with its operation, in program order.</summary>
    public IReadOnlyList<(OtherCpuOperation Operation, OtherCpuStep Step)> Steps { get; }

    /// <summary>The runs of CPU 1 between two of the walker's accesses: how many times the CPUs take turns.</summary>
    public int Switches => Before.Distinct().Count();

    /// <summary>CPU 1 ready to run against a walk of <paramref name="mm"/>; <paramref name="seen"/> hears of every step it
    /// makes and of a wait the walker holds up.</summary>
    public IOtherCpus Start(AddressSpace mm, Action<OtherCpuEvent>? seen = null) => new Run(this, mm, seen);

    private sealed class Run(Interleaving plan, AddressSpace mm, Action<OtherCpuEvent>? seen) : IOtherCpus
    {
        private readonly Cpu cpu = new(mm.Memory);
        private int next;
        private bool held;
        /// <summary>The places the trigger counts, passed so far.</summary>
        private long places;

        public void BeforeLoad(Cpu walker, EntryPointer p)
        {
            Before(walker, plan.Changes(p));
            if (plan.Probe is { FirstFreedRead: null } probe && mm.Memory.TableAt(p.Address) is { State: not TablePageState.Live })
                probe.FirstFreedRead = (p, mm.Memory.Describe(p.Address));
        }

        public void BeforeGrab(Cpu walker, Pfn pfn, ulong pages) => Before(walker, plan.Counts(pfn, pages));

        public void BeforeMmLoad(Cpu walker, MmField field) => Before(walker, plan.Changes(field));

        public void AtRcuReadLock(Cpu walker)
        {
            if (plan.Probe is { } probe)
                probe.RcuReadLocks++;
            if (plan.Trigger == InterleavingTrigger.RcuReadLock)
                StepsBefore(walker, places++);
        }

        /// <summary>Makes the steps scheduled before the walker's next access, which touches what the operations change
        /// when <paramref name="changes"/>.</summary>
        private void Before(Cpu walker, bool changes)
        {
            if (plan.Probe is { } counting)
            {
                counting.Accesses++;
                if (changes)
                    counting.AccessesToWhatItChanges++;
            }
            if (plan.Trigger == InterleavingTrigger.EveryAccess || (plan.Trigger == InterleavingTrigger.AccessToWhatItChanges && changes))
                StepsBefore(walker, places++);
        }

        /// <summary>Makes the steps scheduled before place number <paramref name="access"/> of those the trigger counts.</summary>
        private void StepsBefore(Cpu walker, long access)
        {
            while (next < plan.Steps.Count && plan.Before[next] <= access && Step(walker.InterruptsDisabled) is { } made)
            {
                plan.Probe?.Made(made, access);
                plan.Probe?.AfterStepDuringWalk?.Invoke();
            }
        }

        public void Complete()
        {
            while (plan.CompletesAfterWalk && next < plan.Steps.Count && Step(walkerInterruptsOff: false) is not null)
            {
            }
        }

        /// <summary>Makes the next step, unless it is a wait the walker holds up; null when nothing was made.</summary>
        private OtherCpuEvent? Step(bool walkerInterruptsOff)
        {
            var (operation, step) = plan.Steps[next];
            if (step.Waits && walkerInterruptsOff)
            {
                if (!held)
                    seen?.Invoke(new OtherCpuEvent(1, operation, step, Held: true));
                held = true;
                return null;
            }
            held = false;
            var goesOn = step.Run(mm, cpu);
            var made = new OtherCpuEvent(1, operation, step, Held: false, GaveUp: !goesOn);
            seen?.Invoke(made);
            next++;
            while (!goesOn && next < plan.Steps.Count && plan.Steps[next].Operation == operation)
                next++;
            return made;
        }
    }
}
