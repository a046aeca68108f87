using FsCheck;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>"The page tables can get modified under us, but the old pages won't be released and re-used": while
/// another CPU unmaps the range gup_fast walks and frees its tables, the walker never reads a freed or reused table
/// page. It holds because gup_fast runs with interrupts off, which holds up both the IPI of x86's TLB flush and the
/// RCU grace period after which <c>MMU_GATHER_RCU_TABLE_FREE</c> frees tables.</summary>
public sealed class TableLifetimeInvariant : FreedTableReadInvariant
{
    public override string Id => "table-lifetime";

    public override string Statement => "While another CPU unmaps the range and frees its tables, gup_fast reads no freed or reused table page.";

    public override Expectation Expect(Model model, string? walker) => Expectation.Holds;

    protected override Gen<RaceWriter> Writers(Model model) => RaceCaseGenerators.Munmap(model);
}
