using FsCheck;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>gup_fast against khugepaged, which unmaps the pte table (<c>pmdp_collapse_flush</c>) and only then counts
/// the pages' references. gup's re-check sees the collapse only if it looks at the pmd that khugepaged cleared: before
/// 70cbc3cc78a9 (6.0) the pte loop re-checked the pte alone, and where the collapse's TLB flush waits for nobody (s390, arm64) a reference taken after khugepaged's count
/// survived the copy, pinning a page the process no longer maps.</summary>
public sealed class CollapseKeepsPinsInvariant : PinsStayMappedInvariant
{
    public override string Id => "collapse-keeps-pins";

    public override string Statement => "While khugepaged collapses the pte table gup_fast walks, every page gup_fast pins is still mapped at its address once both are done.";

    public override Expectation Expect(Model model, string? walker) =>
        KnownDepartures.NoPmdThp(model) ? Expectation.NotApplicable("no transparent huge page at the pmd level")
        : !KnownDepartures.RechecksPmd(walker) && model.Arch.TableFreeing != TableFreeing.AfterIpiFlush
            ? Expectation.Falsified(KnownDepartures.PteLoopMissesCollapse)
        : Expectation.Holds;

    protected override Gen<RaceWriter> Writers(Model model) => RaceCaseGenerators.Collapse(model);

    /// <summary>khugepaged collapses a pte table: the range's first pmd must be one.</summary>
    protected override bool HugeLeaves => false;
}
