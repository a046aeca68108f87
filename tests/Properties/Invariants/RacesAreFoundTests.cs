using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Architectures.S390;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.Properties.Mutants;
using PgtableInvariants.Walkers;
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

    [Fact] // The README's example: a page at 0, another that keeps the segment table in use, and the three steps that
           // unhook and free the first one's page table.
    public void TablesFreedWithoutWaiting_OnS390ThreeLevel_ShrinkToTwoPagesAndThreeSteps()
    {
        var real = ModelCatalogue.S390ThreeLevel;
        var mutant = real with { Arch = new S390TablesFreedAtOnce((S390Architecture)real.Arch) };

        var result = InvariantCatalogue.Find("table-lifetime")!.Check(mutant, WalkerCatalogue.GupFastV59, RunConfig.Default);

        Assert.Equal(Verdict.Falsified, result.Verdict);
        var c = Assert.IsType<RaceCase>(result.Counterexample);
        Assert.Equal("s390/3level range [0x0, 0x1000) stack caller-copy read\n  map 0x102000 4K pfn 0x102 rw-p\n  map 0x0 4K pfn 0x0 rw-p\n"
            + "  cpu 1: munmap(0x0, 0x1000), freed pages reused with 0x0", c.ToString());
        Assert.Equal("read 000ff00000008800: freed page table #3 [0] (gup_pte_range, gup_get_pte(ptep), step 31); "
            + "cpu 1 makes 3 steps just before the walker's read 1 of what it changes, the rest after the walk", result.Violation);
        Assert.Equal(["ptep_get_and_clear_full", "pmd_clear", "pte_free"], DuringTheWalk(result.Walk!.Trace).Select(s => s.Helper));
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
        Assert.EndsWith("; cpu 1 makes 3 steps just before the walker's read 1 of what it changes, the rest after the walk", result.Violation, StringComparison.Ordinal);
        Assert.Equal(["pmdp_collapse_flush", "flush_tlb_range", "__collapse_huge_page_isolate"], DuringTheWalk(result.Walk!.Trace).Select(s => s.Helper));
    }
}
