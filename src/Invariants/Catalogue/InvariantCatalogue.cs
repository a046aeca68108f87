using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Catalogue.Invariants;
using PgtableInvariants.KernelOracle;
using PgtableInvariants.KernelOracle.Building;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers;

namespace PgtableInvariants.Invariants.Catalogue;

/// <summary>Every invariant, in the order the README lists them, and the cells they are checked on.</summary>
public static class InvariantCatalogue
{
    public static IReadOnlyList<IInvariant> All { get; } =
    [
        new GeometryInvariant(),
        new AddrEndInvariant(),
        new FoldedContractInvariant(),
        new IteratorInvariant(),
        new WalkMatchesHardwareInvariant(),
        new GupFastPrefixInvariant(),
        new GupFastCompleteInvariant(),
        new GupFastWriteInvariant(),
        new LocklessReadsInvariant(),
        new TableLifetimeInvariant(),
        new RetractTableLifetimeInvariant(),
        new CollapseKeepsPinsInvariant(),
        new MigrationKeepsPinsInvariant(),
        new ValidatedValuesInvariant(),
        new ReferencesBalancedInvariant(),
        new PinsWereMappedInvariant(),
        new UpgradeRaceInvariant(),
        new WholeEntriesInvariant(),
        new EntryHelpersInvariant(),
        new UpgradePreservesInvariant(),
        new HelpersMatchKernelInvariant(),
        new WalkMatchesKernelInvariant(),
        new RaceMatchesKernelInvariant(),
    ];

    public static IInvariant? Find(string id) => All.FirstOrDefault(i => i.Id == id);

    /// <summary>Every (invariant, model, walker) cell: one per walker the invariant names that meets the model (serves
    /// an era whose helpers the model has), or one with no walker. Without <paramref name="kernel"/> these are the
    /// model's cells; with it, the cells that run the kernel's own code: its walkers and constants under the catalogue, and the
    /// comparisons of model and kernel, on the models of the tree's era it serves.</summary>
    public static IEnumerable<(IInvariant Invariant, Model Model, string? Walker)> Cells(KernelCode? kernel = null) =>
        kernel is null ? ModelCells() : Cells(kernel.Arch, kernel.Tree.Era).Where(c => kernel.Serves(c.Model));

    /// <summary>The cells of the kernel code of <paramref name="kernelArch"/> in a tree of <paramref name="kernelEra"/>
    /// (both null: the model's cells): per configuration, the model whose helpers are those of the tree's era.</summary>
    public static IEnumerable<(IInvariant Invariant, Model Model, string? Walker)> Cells(string? kernelArch, KernelEra? kernelEra)
    {
        if (kernelArch is null)
            return ModelCells();
        var era = kernelEra ?? throw new ArgumentNullException(nameof(kernelEra), "the kernel's cells depend on the tree's era");
        return from invariant in All
               from model in ModelCatalogue.All
               where OracleTarget.For(model)?.Target.Arch == kernelArch && model.Helpers.Contains(era)
               from walker in invariant.Walkers.Count == 0 ? [null] : invariant.Walkers.Cast<string?>()
               where invariant.NeedsKernel || (walker is null ? invariant.ChecksKernelConstants : KernelWalker.EntryPointOf(walker) is not null)
               // A kernel walker runs where its model counterpart meets the model: no gup_fast cells where the tree builds
               // no fast walk for the architecture (riscv before 6.8), as the model's own cells have none.
               where walker is null || KernelWalker.EntryPointOf(walker) is null || WalkerCatalogue.Meets(KernelWalker.Counterpart(walker, era), model)
               select (invariant, model, walker);
    }

    /// <summary>The model's cells the catalogue expects falsified: the ones whose counterexamples it prints.</summary>
    public static IEnumerable<(IInvariant Invariant, Model Model, string? Walker)> ExpectedFalsified() =>
        ModelCells().Where(c => c.Invariant.Expect(c.Model, c.Walker).Verdict == Verdict.Falsified);

    private static IEnumerable<(IInvariant Invariant, Model Model, string? Walker)> ModelCells() =>
        from invariant in All
        where !invariant.NeedsKernel
        from model in ModelCatalogue.All
        from walker in invariant.Walkers.Count == 0 ? [null] : invariant.Walkers.Cast<string?>()
        where walker is null || (KernelWalker.EntryPointOf(walker) is null && WalkerCatalogue.Meets(walker, model))
        select (invariant, model, walker);
}
