namespace PgtableInvariants.Invariants.Catalogue;

/// <summary>The verdict of one invariant on one (model, walker).</summary>
public enum Verdict
{
    /// <summary>Every generated case satisfied it.</summary>
    Holds,

    /// <summary>A case violated it; the result carries the shrunk counterexample.</summary>
    Falsified,

    /// <summary>It does not apply (a folded level, a walker without that loop), with the reason.</summary>
    NotApplicable,

    /// <summary>Not a verdict: the walker itself failed (the kernel's real code crashed, hung or reached a stub in
    /// its server), so the invariant could not be checked; the result says why.</summary>
    Error,
}
