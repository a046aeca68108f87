using FsCheck;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.Walkers;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>"The page tables can get modified under us, but the old pages won't be released and re-used": while
/// another CPU unmaps the range gup_fast walks and frees its tables, the walker never reads a freed or reused table
/// page. It holds because gup_fast runs with interrupts off, which holds up both the IPI of x86's TLB flush and the
/// RCU grace period after which <c>MMU_GATHER_RCU_TABLE_FREE</c> frees tables.</summary>
public sealed class TableLifetimeInvariant : Invariant<RaceCase>
{
    public override string Id => "table-lifetime";

    public override string Statement => "While another CPU unmaps the range and frees its tables, gup_fast reads no freed or reused table page.";

    public override IReadOnlyList<string> Walkers => WalkerCatalogue.GupFast;

    public override Expectation Expect(Model model, string? walker) => Expectation.Holds;

    public override Arbitrary<RaceCase> Arbitrary(Model model, string? walker, RunConfig config) => RaceCaseGenerators.Arbitrary(model, 64);

    public override Outcome Evaluate(RaceCase c, string? walker, RunConfig config, bool trace)
    {
        var (mm, otherCpus) = c.Build();
        var options = c.Walk.Options(trace: true) with { OtherCpus = otherCpus };
        var walk = (WalkerCatalogue.Find(walker!, c.Walk.Model) ?? throw new WalkerError($"no walker {walker} for {c.Walk.Model}")).Walk(mm, c.Walk.Range, options);
        var read = walk.Trace.Steps.FirstOrDefault(s => s.IsLoad && s.Into is Target.FreedTableSlot);
        return read.Into is null
            ? Outcome.Ok(walk)
            : Outcome.Violated($"{read.Function} read {read.Pointer!.Value.Address:x16}: {read.Into} ({read.Helper}, step {read.Number})", walk);
    }
}
