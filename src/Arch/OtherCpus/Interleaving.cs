using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Arch.OtherCpus;

/// <summary>A schedule of one other CPU (CPU 1) against a walking CPU (CPU 0): CPU 1 makes the steps of its operations
/// in order, its step <c>i</c> just before the walker's load number <c>Before[i]</c> (counted from 0), or later if it
/// is a wait the walker holds up. Steps scheduled after the walker's last load are not made during the walk.</summary>
public sealed record Interleaving
{
    /// <summary>A schedule of <paramref name="operations"/> whose steps, in order, come before the walker's loads
    /// <paramref name="before"/> (one number a step, never decreasing).</summary>
    public Interleaving(IReadOnlyList<OtherCpuOperation> operations, IReadOnlyList<long> before)
    {
        Steps = [.. operations.SelectMany(o => o.Steps.Select(s => (o, s)))];
        Guard.Argument(before.Count == Steps.Count, nameof(before), $"{before.Count} places for {Steps.Count} steps");
        Guard.Argument(before.Zip(before.Skip(1)).All(p => p.First <= p.Second) && before.All(b => b >= 0), nameof(before),
            "the places of the steps are loads in program order: never negative, never decreasing");
        Operations = operations;
        Before = before;
    }

    public IReadOnlyList<OtherCpuOperation> Operations { get; }

    /// <summary>The load of the walker before which each step comes.</summary>
    public IReadOnlyList<long> Before { get; }

    /// <summary>Every step with its operation, in program order.</summary>
    public IReadOnlyList<(OtherCpuOperation Operation, OtherCpuStep Step)> Steps { get; }

    /// <summary>The runs of CPU 1 between two of the walker's loads: how many times the CPUs take turns.</summary>
    public int Switches => Before.Distinct().Count();

    /// <summary>CPU 1 ready to run against a walk of <paramref name="mm"/>; <paramref name="seen"/> hears of every step it
    /// makes and of a wait the walker holds up.</summary>
    public IOtherCpus Start(AddressSpace mm, Action<OtherCpuEvent>? seen = null) => new Run(this, mm, seen);

    private sealed class Run(Interleaving plan, AddressSpace mm, Action<OtherCpuEvent>? seen) : IOtherCpus
    {
        private readonly Cpu cpu = new(mm.Memory);
        private int next;
        private bool held;

        public void BeforeLoad(Cpu walker, long load)
        {
            while (next < plan.Steps.Count && plan.Before[next] <= load)
            {
                var (operation, step) = plan.Steps[next];
                if (step.Waits && walker.InterruptsDisabled)
                {
                    if (!held)
                        seen?.Invoke(new OtherCpuEvent(1, operation, step, Held: true));
                    held = true;
                    return;
                }
                held = false;
                step.Run(mm, cpu);
                seen?.Invoke(new OtherCpuEvent(1, operation, step, Held: false));
                next++;
            }
        }
    }
}
