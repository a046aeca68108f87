using FsCheck;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>gup_fast against the migration of a transparent huge page, which invalidates the pmd
/// (<c>pmdp_invalidate</c>) and only then counts the folio's references (<c>folio_migrate_mapping</c>). The huge-leaf
/// functions re-read the pmd after taking their references (<c>pmd_val(orig) != pmd_val(*pmdp)</c>) in every era of the
/// generic fast path, so the invariant holds wherever a huge pmd migrates; a fast path without that re-check pins the
/// old folio where the flush waits for nobody (arm64, riscv), and gets away with it on x86 only because the flush's
/// IPI waits for the walker.</summary>
public sealed class MigrationKeepsPinsInvariant : PinsStayMappedInvariant
{
    public override string Id => "migration-keeps-pins";

    public override string Statement => "While another CPU migrates a transparent huge page gup_fast walks, every page gup_fast pins is still mapped at its address once both are done.";

    public override Expectation Expect(Model model, string? walker) =>
        KnownDepartures.NoPmdThp(model) ? Expectation.NotApplicable("no transparent huge page at the pmd level")
        : !model.Arch.MigratesHugePmds
            ? Expectation.NotApplicable("no ARCH_ENABLE_THP_MIGRATION: a huge pmd is split before its pages migrate")
        : Expectation.Holds;

    protected override Gen<RaceWriter> Writers(Model model) => RaceCaseGenerators.Migrate(model);
}
