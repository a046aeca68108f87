using FsCheck;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>An invariant of one walk: build the case's address space, walk its range, judge the result.</summary>
public abstract class WalkerInvariant : Invariant<WalkCase>
{
    /// <summary>Longest range per walker: per-page walkers get short ranges, gup_fast medium, pagewalk long.</summary>
    protected static ulong MaxPages(string walker) => walker == KernelWalker.PageWalkName ? 1UL << 20 : WalkerCatalogue.KindOf(walker) switch
    {
        WalkerCatalogue.GupSlowKind or WalkerCatalogue.HardwareKind => 256,
        WalkerCatalogue.PageWalkKind => 1UL << 20,
        _ => 4096,
    };

    /// <summary>True when judging needs the trace even in the fast search.</summary>
    protected virtual bool NeedsTrace => false;

    public override Arbitrary<WalkCase> Arbitrary(Model model, string? walker, RunConfig config) => WalkCaseGenerators.Arbitrary(model, MaxPages(walker!), config.Layout);

    public override Outcome Evaluate(WalkCase c, string? walker, RunConfig config, bool trace)
    {
        var mm = c.Build();
        var result = Resolve(walker!, c.Model, config).Walk(mm, c.Range, c.Options(trace || NeedsTrace));
        return Judge(c, mm, result);
    }

    /// <summary>The walker called <paramref name="walker"/>: the kernel's real code for a <c>kernel/…</c> name, else the
    /// model's.</summary>
    internal static IWalker Resolve(string walker, Model model, RunConfig config) =>
        config.Kernel?.Walker(walker, model) ?? config.Walkers?.FirstOrDefault(w => w.Name == walker)?.Create(model) ?? WalkerCatalogue.Find(walker, model)
        ?? throw new WalkerError($"no walker {walker} for {model}{(config.Kernel is null ? " (kernel walkers need a kernel tree)" : "")}");

    protected abstract Outcome Judge(WalkCase c, AddressSpace mm, WalkResult walk);
}
