namespace PgtableInvariants.Invariants.Catalogue;

/// <summary>What the catalogue expects of one (invariant, model, walker) cell, and why when it is not "holds".</summary>
public sealed record Expectation(Verdict Verdict, string? Reason)
{
    public static Expectation Holds { get; } = new(Verdict.Holds, null);

    /// <summary>A known bug or a known departure, with the reason and the commit or fact it comes from.</summary>
    public static Expectation Falsified(string reason) => new(Verdict.Falsified, reason);

    public static Expectation NotApplicable(string reason) => new(Verdict.NotApplicable, reason);

    public override string ToString() => Reason is null ? Verdict.ToString() : $"{Verdict}: {Reason}";
}
