using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Catalogue;

/// <summary>The verdict of one case: held, or violated with a one-line reason; with the walk that shows it.</summary>
public sealed record Outcome(bool Holds, string? Violation, WalkResult? Walk)
{
    public static Outcome Ok(WalkResult? walk = null) => new(true, null, walk);

    public static Outcome Violated(string violation, WalkResult? walk = null) => new(false, violation, walk);

    /// <summary>The first violation of a sequence of checks, or held.</summary>
    public static Outcome FirstOf(IEnumerable<string?> violations, WalkResult? walk = null) =>
        violations.FirstOrDefault(v => v is not null) is { } v ? Violated(v, walk) : Ok(walk);
}
