using FsCheck.Fluent;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Architectures.S390;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.Invariants.Shrinking;
using PgtableInvariants.Properties.Mutants;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.GupFast;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Properties.Invariants;

/// <summary>The races of the lockless walkers' history, each found by the suite in its buggy form and shrunk to a
/// short interleaving; the real eras' forms hold (checked cell by cell in <see cref="InvariantProperties"/>).</summary>
public sealed class RacesAreFoundTests
{
    /// <summary>No release: <c>free_pgtables</c>' table pages freed at once, without the IPI or the grace period.</summary>
    private sealed class TablesFreedAtOnce(IArchitecture inner) : MutantArchitecture(inner)
    {
        public override TableFreeing TableFreeing => TableFreeing.AtOnce;
    }

    /// <summary>The same on s390, whose mm keeps folding its levels dynamically.</summary>
    private sealed class S390TablesFreedAtOnce(S390Architecture inner) : DynamicMutantArchitecture<S390Architecture>(inner)
    {
        public override TableFreeing TableFreeing => TableFreeing.AtOnce;
    }

    /// <summary>No release of the generic fast path: the huge-leaf function keeps its references without re-reading the
    /// pmd (<c>gup_fast_pmd_leaf</c> without <c>pmd_val(orig) != pmd_val(*pmdp)</c>).</summary>
    private static readonly ModelWalker NoLeafRecheck = new("gup-fast/v6.12-no-leaf-recheck", WalkerCatalogue.GupFastKind, KernelEra.V6_12,
        "gup_fast 6.12 whose leaf functions do not re-check the entry after the grab",
        _ => new GupFastWalker(GupFastShape.V6_12 with { Name = "gup-fast/v6.12-no-leaf-recheck", LeafRecheck = false }));

    /// <summary>No release: the offsets read the parent entry again through the real pointer (<c>pmd_offset(pudp)</c>).</summary>
    private static readonly ModelWalker DoubleLoad = new("gup-fast/v5.9-double-load", WalkerCatalogue.GupFastKind, KernelEra.V5_9,
        "gup_fast 5.9 whose offsets re-read the parent entry through its pointer",
        _ => new GupFastWalker(GupFastShape.V5_9 with { Name = "gup-fast/v5.9-double-load", Offset = GupOffset.FromPointer }));

    /// <summary>The cell of <paramref name="invariant"/> on <paramref name="model"/> checked with a walker that is not the
    /// catalogue's.</summary>
    private static CheckResult CheckWith(string invariant, Model model, ModelWalker walker) =>
        InvariantCatalogue.Find(invariant)!.Check(model, walker.Name, RunConfig.Default with { Walkers = [walker] });

    /// <summary>No release: the pte read in halves high first, once, as a plain dereference of a 64-bit pte may be (its pmd
    /// read whole-safe, as from 6.2, so that the pte is all it tears).</summary>
    private static readonly ModelWalker HighThenLow = new("gup-fast/v5.9-high-then-low", WalkerCatalogue.GupFastKind, KernelEra.V5_9,
        "gup_fast 5.9 whose pte read takes the high half, then the low one, once",
        _ => new GupFastWalker(GupFastShape.V5_9 with { Name = "gup-fast/v5.9-high-then-low", PteHalvesLowHighLow = false, PmdHalvesLowHighLow = true }));

    /// <summary>The other CPU's steps before the walker's last: the rest it makes after the walk.</summary>
    private static IEnumerable<WalkStep> DuringTheWalk(WalkTrace trace)
    {
        var last = trace.Steps.Last(s => s.Cpu == 0).Index;
        return trace.Steps.Where(s => s.Cpu == 1 && s.Index < last);
    }

    [Theory] // Linus's claim, as a mutant: with nothing held up by the walker's interrupts-off section, it reads a freed page.
    [InlineData("x86-64/4level@v6.12", WalkerCatalogue.GupFastV612)]
    [InlineData("arm64/4k/48@v6.12", WalkerCatalogue.GupFastV612)]
    [InlineData("s390/3level", WalkerCatalogue.GupFastV59)]
    public void TablesFreedWithoutWaiting_AreReadByGupFast_ShrunkToTwoPagesAndAtMostEightSteps(string modelName, string walker)
    {
        var real = ModelCatalogue.Find(modelName)!;
        var mutant = real with { Arch = real.Arch is S390Architecture s390 ? new S390TablesFreedAtOnce(s390) : new TablesFreedAtOnce(real.Arch) };

        var result = InvariantCatalogue.Find("table-lifetime")!.Check(mutant, walker, RunConfig.Default);

        Assert.Equal(Verdict.Falsified, result.Verdict);
        var c = Assert.IsType<RaceCase>(result.Counterexample);
        var trace = result.Walk!.Trace;
        var shown = $"{c}\n{result.Violation}\n{trace.Render()}";
        Assert.True(c.Walk.Mappings.Count <= 2, shown);
        Assert.Contains("freed", result.Violation, StringComparison.Ordinal);
        Assert.InRange(DuringTheWalk(trace).Count(), 1, 8);
        Assert.Contains(trace.Steps, s => s.Cpu == 1 && s.Helper.EndsWith("_free", StringComparison.Ordinal));
    }

    [Theory] // The same mutant, seen from the pages: the reused table's new owner wrote a pte, and a gup_fast that re-checks
             // only the pte (before 70cbc3cc78a9) pins its frame; from 6.0 the pmd re-check backs off.
    [InlineData("x86-64/4level", WalkerCatalogue.GupFastV59, true)]
    [InlineData("s390/3level", WalkerCatalogue.GupFastV59, true)]
    [InlineData("x86-64/4level@v6.12", WalkerCatalogue.GupFastV612, false)]
    public void TablesFreedWithoutWaiting_PinWhatTheNextOwnerWrote_UnlessThePmdIsRechecked(string modelName, string walker, bool found)
    {
        var real = ModelCatalogue.Find(modelName)!;
        var mutant = real with { Arch = real.Arch is S390Architecture s390 ? new S390TablesFreedAtOnce(s390) : new TablesFreedAtOnce(real.Arch) };

        var result = InvariantCatalogue.Find("pins-were-mapped")!.Check(mutant, walker, RunConfig.Default);

        Assert.Equal(found ? Verdict.Falsified : Verdict.Holds, result.Verdict);
        if (found)
        {
            Assert.StartsWith("pinned pfn 0x666 for ", result.Violation, StringComparison.Ordinal);
            Assert.Contains(result.Walk!.Trace.Steps, s => s.Cpu == 1 && s.Helper == "alloc_pages");
        }
    }

    [Fact] // The README's example: a page at 0 and the three steps that unhook and free its page table.
    public void TablesFreedWithoutWaiting_OnS390ThreeLevel_ShrinkToOnePageAndThreeSteps()
    {
        var real = ModelCatalogue.S390ThreeLevel;
        var mutant = real with { Arch = new S390TablesFreedAtOnce((S390Architecture)real.Arch) };

        var result = InvariantCatalogue.Find("table-lifetime")!.Check(mutant, WalkerCatalogue.GupFastV59, RunConfig.Default);

        Assert.Equal(Verdict.Falsified, result.Verdict);
        var c = Assert.IsType<RaceCase>(result.Counterexample);
        Assert.Equal("s390/3level range [0x0, 0x1000) stack caller-copy read\n  map 0x0 4K pfn 0x0 rw-p\n"
            + "  cpu 1: munmap(0x0, 0x1000), freed pages reused with 0x0", c.ToString());
        Assert.Equal("read 000ff00000008000: freed page table #2 [0] (gup_pte_range, gup_get_pte(ptep), step 31); "
            + "cpu 1 makes 3 steps just before the walker's access 5 to what it changes, the rest after the walk", result.Violation);
        Assert.Equal(["ptep_get_and_clear_full", "pmd_clear", "pte_free"], DuringTheWalk(result.Walk!.Trace).Select(s => s.Helper));
    }

    [Fact] // The leaf's re-check, removed: migration counts the folio's references between gup's pmd read and its grab.
    public void LeafWithoutRecheck_OnArm64_PinsAMigratedHugePage_ShrunkToOneHugePageAndFourSteps()
    {
        var result = CheckWith("migration-keeps-pins", ModelCatalogue.Find("arm64/4k/48@v6.12")!, NoLeafRecheck);

        Assert.Equal(Verdict.Falsified, result.Verdict);
        var c = Assert.IsType<RaceCase>(result.Counterexample);
        Assert.Equal("arm64/4k/48@v6.12 range [0x0, 0x1000) stack caller-copy read\n  map 0x0 2M pfn 0x0 rw-p\n"
            + "  cpu 1: migrate_pages of the first huge pmd in the range to pfn 0x7fffffe00", c.ToString());
        Assert.Equal("pinned pfn 0x0 for 0x0, which now maps pfn 0x7fffffe00; "
            + "cpu 1 makes 4 steps just before the walker's access 1 to what it changes, the rest after the walk", result.Violation);
        Assert.Equal(["pmdp_invalidate", "flush_pmd_tlb_range", "set_pmd_migration_entry", "folio_migrate_mapping"], DuringTheWalk(result.Walk!.Trace).Select(s => s.Helper));
    }

    [Theory] // Wherever the flush waits for nobody, the same race.
    [InlineData("arm64/16k/47@v6.12")]
    [InlineData("riscv/sv48@v6.12")]
    public void LeafWithoutRecheck_IsFoundWhereTheFlushWaitsForNobody(string model)
    {
        var result = CheckWith("migration-keeps-pins", ModelCatalogue.Find(model)!, NoLeafRecheck);

        Assert.Equal(Verdict.Falsified, result.Verdict);
        Assert.InRange(DuringTheWalk(result.Walk!.Trace).Count(), 1, 8);
    }

    [Theory] // On x86 the flush's IPI waits for the walker, so the count comes after the grab: the re-check is not needed.
    [InlineData("x86-64/4level@v6.12")]
    [InlineData("x86-64/5level@v6.12")]
    public void LeafWithoutRecheck_OnX86_IsSavedByTheFlushIpi(string model)
    {
        var result = CheckWith("migration-keeps-pins", ModelCatalogue.Find(model)!, NoLeafRecheck);

        Assert.Equal(Verdict.Holds, result.Verdict);
    }

    [Fact] // The thread's double load ("pud_page_vaddr(*pud) will crash"), one level up: munmap clears the p4d (x86-64's
           // folded pgd entry) between gup's READ_ONCE(*p4dp) and pud_offset's *p4dp.
    public void DoubleLoad_OnX86_ReadsThroughAClearedP4d_ShrunkToOnePageAndFourSteps()
    {
        var result = CheckWith("validated-values", ModelCatalogue.X86FourLevel, DoubleLoad);

        Assert.Equal(Verdict.Falsified, result.Verdict);
        var c = Assert.IsType<RaceCase>(result.Counterexample);
        Assert.Equal("x86-64/4level range [0x0, 0x1000) stack caller-copy read\n  map 0x0 4K pfn 0x0 rw-p\n"
            + "  cpu 1: munmap(0x0, 0x1000), freed pages reused with 0x0", c.ToString());
        Assert.Equal("gup_pud_range read 0000000000000000: data page pfn 0x0 (READ_ONCE(*pudp), step 21), which no value it tested points to; "
            + "cpu 1 makes 4 steps just before the walker's access 2 to what it changes, the rest after the walk", result.Violation);
        Assert.Equal(["ptep_get_and_clear_full", "pmd_clear", "pud_clear", "p4d_clear"], DuringTheWalk(result.Walk!.Trace).Select(s => s.Helper));
        Assert.Contains(result.Walk.Trace.Steps, s => s.Helper == "*p4dp in pud_offset(p4dp)" && s.Value?.Raw == 0);
    }

    [Theory] // The same on other architectures; the real eras' value passing holds on every cell (InvariantProperties).
    [InlineData("arm64/4k/48@v6.8")]
    [InlineData("riscv/sv48@v6.12")]
    [InlineData("s390/4level")]
    public void DoubleLoad_IsFoundOnEveryArchitecture(string model)
    {
        var result = CheckWith("validated-values", ModelCatalogue.Find(model)!, DoubleLoad);

        Assert.Equal(Verdict.Falsified, result.Verdict);
        Assert.InRange(DuringTheWalk(result.Walk!.Trace).Count(), 1, 8);
        Assert.Contains("which no value it tested points to", result.Violation, StringComparison.Ordinal);
    }

    [Theory] // A failed re-check that keeps its reference: the leak is found where munmap clears a pte gup has just taken.
    [InlineData("x86-64/4level@v6.12")]
    [InlineData("arm64/4k/48@v6.12")]
    public void ReferencesKeptOnAFailedRecheck_AreFoundLeaked(string model)
    {
        var leaking = new ModelWalker("gup-fast/v6.12-no-put", WalkerCatalogue.GupFastKind, KernelEra.V6_12, "gup_fast 6.12 without gup_put_folio on a failed re-check",
            _ => new GupFastWalker(GupFastShape.V6_12 with { Name = "gup-fast/v6.12-no-put", PutsOnFailedRecheck = false }));

        var result = CheckWith("references-balanced", ModelCatalogue.Find(model)!, leaking);

        Assert.Equal(Verdict.Falsified, result.Verdict);
        Assert.StartsWith("holds a reference on pfn ", result.Violation, StringComparison.Ordinal);
        Assert.Contains(result.Walk!.Trace.Steps, s => s.Helper.EndsWith(" changed", StringComparison.Ordinal));
        Assert.InRange(DuringTheWalk(result.Walk.Trace).Count(), 1, 8);
    }

    [Fact] // 2ba99c5e0881's race, found in the era before it: khugepaged's retract_page_tables frees the pte table right
           // after clearing the pmd, and nothing in between waits for the walker on s390.
    public void KhugepagedRetract_OnS390ThreeLevel_V59_FreesTheTableGupFastReads_ShrunkToOnePageAndFiveSteps()
    {
        var result = InvariantCatalogue.Find("retract-table-lifetime")!.Check(ModelCatalogue.S390ThreeLevel, WalkerCatalogue.GupFastV59, RunConfig.Default);

        Assert.Equal(Verdict.Falsified, result.Verdict);
        var c = Assert.IsType<RaceCase>(result.Counterexample);
        Assert.Equal("s390/3level range [0x0, 0x1000) stack caller-copy read\n  map 0x5000 4K pfn 0x5 rw-p\n"
            + "  cpu 1: retract_page_tables(0x0), the freed page reused with 0x0", c.ToString());
        Assert.Equal("read 000ff00000008000: freed page table #2 [0] (gup_pte_range, gup_get_pte(ptep), step 33); "
            + "cpu 1 makes 5 steps just before the walker's access 1 to what it changes, the rest after the walk", result.Violation);
        Assert.Equal(["zap_pte_range", "tlb_flush_mmu", "pmdp_collapse_flush", "flush_tlb_range", "pte_free"], DuringTheWalk(result.Walk!.Trace).Select(s => s.Helper));
    }

    [Theory] // s390's upgrade with its two stores swapped (no release): a walker that reads the new asce_limit and the old
             // mm->pgd lets a range above the old limit pass and walks it in the old top, whose index wraps to 0.
    [InlineData("s390/3level", WalkerCatalogue.GupFastV59, "p4d_populate")]
    [InlineData("s390/4level", WalkerCatalogue.GupFastV59, "pgd_populate")]
    public void UpgradeStoringTheLimitFirst_PinsAnAliasedPage_RealOrderHolds(string model, string walker, string populate)
    {
        var invariant = (Invariant<RaceCase>)InvariantCatalogue.Find("upgrade-race")!;
        var s390 = ModelCatalogue.Find(model)!;
        var config = RunConfig.Default;
        var real = invariant.Arbitrary(s390, walker, config);
        var swapped = Arb.From(real.Generator.Select(c => c with { Writer = new RaceWriter.Upgrade(LimitFirst: true) }), RaceCaseShrinker.Shrink);

        var result = InvariantRunner.Run(invariant, s390, walker, config, swapped);

        Assert.Equal(Verdict.Falsified, result.Verdict);
        Assert.Contains("which it never mapped during the walk", result.Violation, StringComparison.Ordinal);
        Assert.Equal([populate, "mm->context.asce_limit"], DuringTheWalk(result.Walk!.Trace).Select(s => s.Helper));
        Assert.Equal(Verdict.Holds, invariant.Check(s390, walker, config).Verdict);
        if (model == "s390/3level")
            Assert.Equal("s390/3level range [0x40000000000, 0x40000001000) stack caller-copy read\n  map 0x0 4K pfn 0x0 rw-p\n"
                + "  cpu 1: crst_table_upgrade to 4 levels, asce_limit stored before mm->pgd", result.Counterexample!.ToString());
    }

    [Fact] // x86 PAE: a read that takes the high half of a pte first, once, pairs an old high half with a new low half: a
           // value the slot never held. Here a fault's set_pte (high, then low) fills the empty pte between the two loads:
           // the old high half 0 with the new low half. gup_fast's re-check after its grab reads the whole new pte and
           // drops the page, so nothing stays pinned.
    public void PteReadHighThenLow_OnPae_AssemblesATornPte_ThatPinsNothing()
    {
        var pae = ModelCatalogue.Find("i386/pae")!;

        var torn = CheckWith("whole-entries", pae, HighThenLow);
        var pinned = CheckWith("pins-were-mapped", pae, HighThenLow);

        Assert.Equal(Verdict.Falsified, torn.Verdict);
        Assert.Equal(["set_pte: pte_high", "set_pte: pte_low"], DuringTheWalk(torn.Walk!.Trace).Select(s => s.Helper));
        Assert.Contains(torn.Walk.Trace.Steps, s => s.Helper == "pte changed" && s.Decision == Decision.Stop);
        Assert.Equal(Verdict.Holds, pinned.Verdict);
        Assert.Equal(Verdict.Holds, CheckWith("whole-entries", pae, LowHighLow).Verdict);
        Assert.Equal("i386/pae range [0x0, 0x1000) stack caller-copy read\n  map 0x1000 4K pfn 0x1 rw-p\n"
            + "  cpu 1: do_anonymous_page of the first empty pte in the range, pfn 0x7ffffe00", torn.Counterexample!.ToString());
        Assert.Equal("gup_pte_range used pte 0xffe00067 of 00000000c0005000 (gup_get_pte(ptep), step 41), which the slot never held whole; "
            + "cpu 1 makes 2 steps just before the walker's access 1 to what it changes, the rest after the walk", torn.Violation);
    }

    /// <summary>5.9 with both reads as 6.2 has them (<c>ptep_get_lockless</c>, <c>pmdp_get_lockless</c>).</summary>
    private static readonly ModelWalker LowHighLow = new("gup-fast/v5.9-pmdp-get-lockless", WalkerCatalogue.GupFastKind, KernelEra.V5_9,
        "gup_fast 5.9 whose pmd read is pmdp_get_lockless",
        _ => new GupFastWalker(GupFastShape.V5_9 with { Name = "gup-fast/v5.9-pmdp-get-lockless", PmdHalvesLowHighLow = true }));

    [Fact] // x86 PAE before 6.2: READ_ONCE(*pmdp) is two loads, high half first (gcc 12 for i386); zap_huge_pmd exchanges the
           // whole pmd for 0 between them, and gup_pmd_range tests a value the slot never held: its old high half (NX) with
           // a zero low half. From 6.2 pmdp_get_lockless reads low, high and low again, and the same schedule reads 0.
    public void PmdReadOnce_OnPae_IsTornByAHugePmdClearedWhole_UntilPmdpGetLockless()
    {
        var result = InvariantCatalogue.Find("whole-entries")!.Check(ModelCatalogue.Find("i386/pae@v6.1")!, "gup-fast/v6.1", RunConfig.Default);

        Assert.Equal(Verdict.Falsified, result.Verdict);
        Assert.Equal(["pmdp_huge_get_and_clear_full"], DuringTheWalk(result.Walk!.Trace).Select(s => s.Helper));
        Assert.Equal("i386/pae@v6.1 range [0x0, 0x1000) stack caller-copy read\n  map 0x0 2M pfn 0x0 rw-p\n"
            + "  cpu 1: munmap(0x0, 0x200000), freed pages reused with 0x0", result.Counterexample!.ToString());
        Assert.Equal("gup_pmd_range used pmd 0x8000000000000000 of 00000000c0001000 (READ_ONCE(*pmdp), step 32), which the slot never held whole; "
            + "cpu 1 makes 1 step just before the walker's access 3 to what it changes, the rest after the walk", result.Violation);
        Assert.Equal(Verdict.Holds, InvariantCatalogue.Find("whole-entries")!.Check(ModelCatalogue.Find("i386/pae@v6.12")!, "gup-fast/v6.12", RunConfig.Default).Verdict);
    }

    [Fact] // 70cbc3cc78a9's race, found in the era before it: khugepaged counts references between gup's pte read and
           // its grab, and the pte re-check passes because the old table is cleared only by the copy.
    public void KhugepagedCollapse_OnS390ThreeLevel_V59_CopiesAwayAPinnedPage_ShrunkToOnePageAndThreeSteps()
    {
        var result = InvariantCatalogue.Find("collapse-keeps-pins")!.Check(ModelCatalogue.S390ThreeLevel, WalkerCatalogue.GupFastV59, RunConfig.Default);

        Assert.Equal(Verdict.Falsified, result.Verdict);
        var c = Assert.IsType<RaceCase>(result.Counterexample);
        Assert.Equal("s390/3level range [0x0, 0x1000) stack caller-copy read\n  map 0x0 4K pfn 0x0 rw-p\n"
            + "  cpu 1: collapse_huge_page(0x0) into pfn 0x7ffffffffff00", c.ToString());
        Assert.StartsWith("pinned pfn 0x0 for 0x0, which now maps pfn 0x7ffffffffff00", result.Violation, StringComparison.Ordinal);
        Assert.EndsWith("; cpu 1 makes 3 steps just before the walker's access 1 to what it changes, the rest after the walk", result.Violation, StringComparison.Ordinal);
        Assert.Equal(["pmdp_collapse_flush", "flush_tlb_range", "__collapse_huge_page_isolate"], DuringTheWalk(result.Walk!.Trace).Select(s => s.Helper));
    }
}
