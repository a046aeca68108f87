using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.OtherCpus;

namespace PgtableInvariants.Invariants.Cases;

/// <summary>One input of a race property: a walk case, what another CPU does to the walked range, and one turn of that
/// CPU (<see cref="RaceTurn"/>) drawn from the schedules that can matter: which of the walker's accesses to what the other
/// CPU changes it comes before (<paramref name="AccessDraw"/> modulo their number) and how many of its steps it makes
/// (1 + <paramref name="StepsDraw"/> modulo their number).</summary>
/// <param name="Walk">The address space, the range gup_fast walks, the access.</param>
/// <param name="Writer">What the other CPU does.</param>
/// <param name="AccessDraw">Picks the access of the walker the turn comes before.</param>
/// <param name="StepsDraw">Picks how many steps the turn makes.</param>
public sealed record RaceCase(WalkCase Walk, RaceWriter Writer, uint AccessDraw, uint StepsDraw)
{
    /// <summary>A whole schedule that replaces the drawn turn, or null for the turn.</summary>
    public RaceSchedule? WholeSchedule { get; init; }

    /// <summary>The turn the draws pick among <paramref name="accesses"/> accesses to what the other CPU changes and
    /// <paramref name="steps"/> steps.</summary>
    public RaceTurn Turn(int accesses, int steps) => new((int)(AccessDraw % (uint)accesses), 1 + (int)(StepsDraw % (uint)steps));

    /// <summary>The address space, and CPU 1's operation on it, built as it stands before the walk.</summary>
    public (AddressSpace Mm, OtherCpuOperation Operation) Prepare()
    {
        var mm = Walk.Build();
        return (mm, Writer.Operation(mm, Walk.Model, Walk.Range));
    }

    /// <summary>CPU 1's schedule of <paramref name="operation"/>: <paramref name="turn"/>, then the rest of its steps after
    /// the walk unless <paramref name="completesAfterWalk"/> is false; <paramref name="probe"/> hears what the walker's
    /// loads meet. The turn's access counts as <paramref name="trigger"/> says.</summary>
    public static Interleaving Schedule(OtherCpuOperation operation, RaceTurn turn, InterleavingProbe? probe = null, bool completesAfterWalk = true,
        InterleavingTrigger trigger = InterleavingTrigger.AccessToWhatItChanges)
    {
        var before = new long[operation.Steps.Count];
        for (var i = 0; i < before.Length; i++)
            before[i] = i < turn.Steps ? turn.AtAccess : long.MaxValue;
        return new Interleaving([operation], before, trigger, probe, completesAfterWalk);
    }

    /// <summary>The address space, and CPU 1's schedule against it: <paramref name="turn"/>, then the rest of its steps
    /// after the walk; <paramref name="probe"/> hears what the walker's loads meet.</summary>
    public (AddressSpace Mm, Interleaving OtherCpus) Build(RaceTurn turn, InterleavingProbe? probe = null)
    {
        var (mm, operation) = Prepare();
        return (mm, Schedule(operation, turn, probe));
    }

    public override string ToString() => $"{Walk}\n  cpu 1: {Writer.Describe(Walk.Model, Walk.Range)}";
}

/// <summary>One turn of the other CPU: its first <paramref name="Steps"/> steps, just before the walker's access number
/// <paramref name="AtAccess"/> (from 0) to what the other CPU changes (a load of an entry it stores to or of a table page
/// it frees, a grab of a folio whose references it counts); the rest after the walk.</summary>
public readonly record struct RaceTurn(int AtAccess, int Steps)
{
    public override string ToString() => $"cpu 1 makes {Steps} step{(Steps == 1 ? "" : "s")} just before the walker's access {AtAccess} to what it changes, the rest after the walk";
}
