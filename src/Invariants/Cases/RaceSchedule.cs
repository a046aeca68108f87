namespace PgtableInvariants.Invariants.Cases;

/// <summary>A schedule of the other CPU given whole, instead of the one turn a <see cref="RaceCase"/> draws: where each of
/// its steps comes among every access of the walk (a load or a grab of references), for schedulers other than the
/// project's (the benchmark's uniform and PCT baselines).</summary>
public abstract record RaceSchedule
{
    /// <summary>For each of <paramref name="steps"/> steps, in order, the access of the walk it comes before, among the
    /// <paramref name="accesses"/> accesses the undisturbed walk makes (that number itself: after the walk); never
    /// decreasing.</summary>
    public abstract IReadOnlyList<long> Before(int accesses, int steps);
}
