using FsCheck;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>Linus's claim against khugepaged rather than munmap: while khugepaged retracts the pte table gup_fast walks
/// (a file's pages collapsed into a huge page), gup_fast reads no freed or reused table page. munmap frees tables through
/// the mmu_gather, which waits for the walker; <c>retract_page_tables</c> freed the table with <c>pte_free</c> right after
/// <c>pmdp_collapse_flush</c>, whose flush waits for nobody where tables are freed by RCU, until 2ba99c5e0881 (6.1) sent
/// the IPI of <c>tlb_remove_table_sync_one</c> first.</summary>
public sealed class RetractTableLifetimeInvariant : FreedTableReadInvariant
{
    public override string Id => "retract-table-lifetime";

    public override string Statement => "While khugepaged retracts the pte table gup_fast walks, gup_fast reads no freed or reused table page.";

    public override Expectation Expect(Model model, string? walker) =>
        KnownDepartures.FoldsPmdStatically(model)
            ? Expectation.NotApplicable("no pte table of its own under a pmd")
        : model.Arch.TableFreeing != TableFreeing.AfterIpiFlush && model.Arch.Era.Order < KernelEra.V6_1.Order
            ? Expectation.Falsified(KnownDepartures.RetractFreesAtOnce)
        : Expectation.Holds;

    protected override Gen<RaceWriter> Writers(Model model) => RaceCaseGenerators.Retract(model);

    /// <summary>khugepaged retracts a pte table: the range's first pmd must be one.</summary>
    protected override bool HugeLeaves => false;
}
