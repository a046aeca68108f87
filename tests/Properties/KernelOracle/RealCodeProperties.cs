using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.KernelOracle.Building;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers.GupFast;

namespace PgtableInvariants.Properties.KernelOracle;

/// <summary>The catalogue on the kernel's own code: for every prepared tree and architecture, the kernel's walkers
/// and compiled constants give the verdict the model of the tree's era gives, and model and kernel agree helper for helper and walk for
/// walk. A cell whose real code crashed, hung or reached a stub fails here with the reason (it is no verdict).</summary>
public sealed class RealCodeProperties
{
    private static readonly Lock ReportLock = new();

    public static TheoryData<string, string, string, string> CellsOf(string kind)
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var tree in PreparedKernels.Trees.DefaultIfEmpty(""))
        {
            // A tree that is missing or no tree gets one row, which says so (skipped or failed), never none.
            if (PreparedKernels.Open(tree) is not { } opened)
            {
                data.Add(tree, "", "", "");
                continue;
            }
            foreach (var arch in OracleTarget.Architectures)
                foreach (var (invariant, model, walker) in InvariantCatalogue.Cells(arch, opened.Era).Where(c => c.Invariant.NeedsKernel == (kind == "comparison")))
                    data.Add($"{tree}|{arch}", invariant.Id, model.Name, walker ?? "");
        }
        return data;
    }

    private static void AssertExpected(string treeAndArch, string id, string modelName, string walker)
    {
        if (!treeAndArch.Contains('|', StringComparison.Ordinal))
        {
            PreparedKernels.End(treeAndArch);
            return;
        }
        var (tree, arch) = (treeAndArch.Split('|')[0], treeAndArch.Split('|')[1]);
        var kernel = PreparedKernels.Code(tree, arch);
        var result = InvariantCatalogue.Find(id)!.Check(ModelCatalogue.Find(modelName)!, walker.Length == 0 ? null : walker, RunConfig.Default with { Kernel = kernel });
        Report(kernel, result);
        Assert.NotEqual(Verdict.Error, result.Verdict);
        Assert.True(result.AsExpected, $"Linux {kernel.Tree.Version} {arch}: {result}{(result.Walk is null ? "" : "\n" + result.Walk.Trace.Render())}");
    }

    /// <summary>Appends the cell to the file <c>PGTABLE_REAL_CODE_REPORT</c> names, so CI can say how many real-code
    /// cases ran.</summary>
    private static void Report(PgtableInvariants.KernelOracle.KernelCode kernel, CheckResult result)
    {
        if (Environment.GetEnvironmentVariable("PGTABLE_REAL_CODE_REPORT") is not { Length: > 0 } path)
            return;
        lock (ReportLock)
            File.AppendAllText(path, $"{kernel.Tree.Version} {kernel.Arch} {result.Invariant} {result.Model} {result.Walker ?? "-"} {result.Verdict} {result.Tests} {kernel.Retries}\n");
    }

    [Theory, MemberData(nameof(CellsOf), "code")]
    public void The_kernels_own_walkers_and_constants_give_the_verdict_the_model_of_their_era_gives(string tree, string invariant, string model, string walker) =>
        AssertExpected(tree, invariant, model, walker);

    [Theory, MemberData(nameof(CellsOf), "comparison")]
    public void The_model_matches_the_kernels_own_helpers_and_walks(string tree, string invariant, string model, string walker) =>
        AssertExpected(tree, invariant, model, walker);

    [Theory]
    [InlineData("s390")]
    [InlineData("x86-64")]
    public void Every_comparison_with_the_kernel_has_a_cell_on_every_architecture(string arch)
    {
        foreach (var era in KernelEra.All.Where(e => e.IsRelease))
        {
            var compared = InvariantCatalogue.Cells(arch, era).Where(c => c.Invariant.NeedsKernel).Select(c => c.Invariant.Id).Distinct();
            Assert.Equal(InvariantCatalogue.All.Where(i => i.NeedsKernel).Select(i => i.Id).Order(), compared.Order());
        }
    }

    [Theory] // riscv selects HAVE_FAST_GUP from 6.8 (3f910b7a522e): a 6.1 tree's riscv64 code has no gup_fast cells.
    [InlineData("v6.1", false)]
    [InlineData("v6.12", true)]
    public void A_tree_has_kernel_gup_fast_cells_only_where_it_builds_the_fast_walk(string era, bool has)
    {
        var walkers = InvariantCatalogue.Cells("riscv64", KernelEra.Find(era)!).Select(c => c.Walker).ToList();
        Assert.Contains("kernel/pagewalk", walkers);
        Assert.Equal(has, walkers.Contains("kernel/gup-fast"));
        Assert.Equal(has, walkers.Contains("kernel/gup-fast-only"));
    }

    [Theory] // Where the 6.9-6.10 walk reads a pud from its stack page, the kernel's code reads its own stack there and may oops.
    [InlineData("gup-fast-prefix", "arm64/16k/52-pud-folded@v6.10", "v6.10", Verdict.Falsified)]
    [InlineData("walk-matches-kernel", "arm64/16k/52-pud-folded@v6.10", "v6.10", Verdict.Falsified)]
    [InlineData("gup-fast-write", "arm64/16k/52-pud-folded@v6.10", "v6.10", Verdict.Holds)]
    [InlineData("gup-fast-prefix", "arm64/16k/52-pud-folded@v6.11", "v6.11", Verdict.Holds)]
    [InlineData("walk-matches-kernel", "arm64/16k/52-pud-folded@v6.12", "v6.12", Verdict.Holds)]
    [InlineData("gup-fast-prefix", "arm64/16k/52@v6.10", "v6.10", Verdict.Holds)]
    public void A_kernel_walker_reading_its_own_stack_page_is_expected_to_follow_it(string id, string model, string era, Verdict verdict)
    {
        var counterpart = KernelWalker.Counterpart(KernelWalker.GupFastName, KernelEra.Find(era)!);
        var expected = InvariantCatalogue.Find(id)!.ExpectOfKernel(ModelCatalogue.Find(model)!, counterpart, GupCall.GetUserPagesFast);
        Assert.Equal(verdict, expected.Verdict);
        Assert.Equal(verdict == Verdict.Falsified && id != "gup-fast-write", expected.Reason?.Contains("its server's stack page", StringComparison.Ordinal) == true);
    }

    [Theory] // A tree's cells run, per configuration, the model whose helpers are the tree's era's.
    [InlineData("s390", "v6.1", "s390/3level")]
    [InlineData("s390", "v6.12", "s390/3level@v6.12")]
    [InlineData("x86-64", "v6.1", "x86-64/4level@v6.1")]
    [InlineData("x86-64", "v6.12", "x86-64/la57-on-4level@v6.12")]
    [InlineData("arm64", "v6.10", "arm64/16k/52-pud-folded@v6.10")]
    [InlineData("arm64", "v6.12", "arm64/16k/52-pud-folded@v6.12")]
    [InlineData("riscv64", "v6.1", "riscv/sv39@v6.1")]
    [InlineData("riscv64", "v6.12", "riscv/sv39@v6.12")]
    public void A_trees_cells_use_the_model_of_its_era(string arch, string era, string model)
    {
        var cells = InvariantCatalogue.Cells(arch, KernelEra.Find(era)!).ToList();
        Assert.Contains(cells, c => c.Model.Name == model);
        Assert.All(cells, c => Assert.True(c.Model.Helpers.Contains(KernelEra.Find(era)!), c.Model.Name));
    }
}
