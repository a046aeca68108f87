using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Architectures.S390;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.Properties.Mutants;
using PgtableInvariants.Walkers;

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

    [Theory] // Linus's claim, as a mutant: with nothing held up by the walker's interrupts-off section, it reads a freed page.
    [InlineData("x86-64/4level@v6.12", WalkerCatalogue.GupFastV612)]
    [InlineData("arm64/4k/48@v6.12", WalkerCatalogue.GupFastV612)]
    [InlineData("s390/3level", WalkerCatalogue.GupFastV59)]
    public void TablesFreedWithoutWaiting_AreReadByGupFast_ShrunkToOneTurnOfAtMostEightSteps(string modelName, string walker)
    {
        var real = ModelCatalogue.Find(modelName)!;
        var mutant = real with { Arch = real.Arch is S390Architecture s390 ? new S390TablesFreedAtOnce(s390) : new TablesFreedAtOnce(real.Arch) };

        var result = InvariantCatalogue.Find("table-lifetime")!.Check(mutant, walker, RunConfig.Default);

        Assert.Equal(Verdict.Falsified, result.Verdict);
        var c = Assert.IsType<RaceCase>(result.Counterexample);
        var trace = result.Walk!.Trace;
        var shown = $"{c}\n{result.Violation}\n{trace.Render()}";
        Assert.True(c.Turns.Count == 1 && c.Walk.Mappings.Count <= 3, shown);
        Assert.Contains("freed", result.Violation, StringComparison.Ordinal);
        Assert.InRange(trace.Steps.Count(s => s.Cpu == 1), 1, 8);
        Assert.Contains(trace.Steps, s => s.Cpu == 1 && s.Helper.EndsWith("_free", StringComparison.Ordinal));
    }

    [Fact] // The README's example: one page at 0, and the three steps that unhook and free its page table.
    public void TablesFreedWithoutWaiting_OnS390ThreeLevel_ShrinkToOnePageAndThreeSteps()
    {
        var real = ModelCatalogue.S390ThreeLevel;
        var mutant = real with { Arch = new S390TablesFreedAtOnce((S390Architecture)real.Arch) };

        var result = InvariantCatalogue.Find("table-lifetime")!.Check(mutant, WalkerCatalogue.GupFastV59, RunConfig.Default);

        Assert.Equal(Verdict.Falsified, result.Verdict);
        var c = Assert.IsType<RaceCase>(result.Counterexample);
        Assert.Equal("s390/3level range [0x0, 0x1000) stack caller-copy read\n  map 0x0 4K pfn 0x0 rw-p\n"
            + "  cpu 1: munmap(0x0, 0x1000), freed pages reused with 0x0, 3 steps before load 5, the rest after the walk", c.ToString());
        Assert.StartsWith("gup_pte_range read 000ff00000008000: freed page table #2 [0] (gup_get_pte(ptep)", result.Violation, StringComparison.Ordinal);
        Assert.Equal(["ptep_get_and_clear_full", "pmd_clear", "pte_free"], result.Walk!.Trace.Steps.Where(s => s.Cpu == 1).Select(s => s.Helper));
    }
}
