using FsCheck;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>An invariant of one walk: build the case's address space, walk its range, judge the result.</summary>
public abstract class WalkerInvariant : Invariant<WalkCase>
{
    /// <summary>Longest range per walker: per-page walkers get short ranges, gup_fast medium, pagewalk long.</summary>
    protected static ulong MaxPages(string walker) => walker switch
    {
        WalkerCatalogue.GupSlow or WalkerCatalogue.Hardware => 256,
        WalkerCatalogue.PageWalk or WalkerCatalogue.PageWalkAddrEndFolded => 1UL << 20,
        _ => 4096,
    };

    /// <summary>True when judging needs the trace even in the fast search.</summary>
    protected virtual bool NeedsTrace => false;

    public override Arbitrary<WalkCase> Arbitrary(Model model, string? walker, RunConfig config) => WalkCaseGenerators.Arbitrary(model, MaxPages(walker!), config.Layout);

    public override Outcome Evaluate(WalkCase c, string? walker, bool trace)
    {
        var mm = c.Build();
        var result = WalkerCatalogue.Find(walker!, c.Model)!.Walk(mm, c.Range, c.Options(trace || NeedsTrace));
        return Judge(c, mm, result);
    }

    protected abstract Outcome Judge(WalkCase c, AddressSpace mm, WalkResult walk);
}
