using FsCheck;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers.GupFast;
using PgtableInvariants.Invariants.Running;

namespace PgtableInvariants.Invariants.Catalogue;

/// <summary>An invariant over generated cases of type <typeparamref name="TCase"/>: a generator with its shrinker,
/// and a check of one case.</summary>
public abstract class Invariant<TCase> : IInvariant
    where TCase : notnull
{
    public abstract string Id { get; }

    public abstract string Statement { get; }

    public virtual IReadOnlyList<string> Walkers => [];

    public virtual bool NeedsKernel => false;

    public virtual bool ChecksKernelConstants => false;

    public virtual Expectation Expect(Model model, string? walker, GupCall call) => Expect(model, walker);

    public abstract Expectation Expect(Model model, string? walker);

    public virtual Expectation ExpectOfKernel(Model model, string counterpart, GupCall call) => Expect(model, counterpart, call);

    public virtual int CasesPerAskedCase => 1;

    /// <summary>Cases for one cell, with a shrinker that keeps them valid.</summary>
    public abstract Arbitrary<TCase> Arbitrary(Model model, string? walker, RunConfig config);

    /// <summary>Checks one case; with <paramref name="trace"/> the outcome carries the traced walk that explains it.</summary>
    /// <exception cref="Walkers.WalkerError">The walker itself failed (the kernel's code in its server): no verdict.</exception>
    public abstract Outcome Evaluate(TCase c, string? walker, RunConfig config, bool trace);

    public CheckResult Check(Model model, string? walker, RunConfig config) => InvariantRunner.Run(this, model, walker, config);

    public override string ToString() => Id;
}
