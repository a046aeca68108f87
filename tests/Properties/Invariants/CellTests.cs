using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Catalogue.Invariants;
using PgtableInvariants.Walkers;

namespace PgtableInvariants.Properties.Invariants;

/// <summary>A cell (invariant, model, walker) exists where the walker's eras and the model's helper eras meet; a model
/// invariant has one cell per model.</summary>
public sealed class CellTests
{
    private static readonly string[] WalkersBeforeEras =
        [WalkerCatalogue.PageWalk, WalkerCatalogue.PageWalkAddrEndFolded, WalkerCatalogue.GupFastV58, WalkerCatalogue.GupFastRfc, WalkerCatalogue.GupFastV59, WalkerCatalogue.GupSlow];

    /// <summary>The invariants of walks under other CPUs' changes, which came after.</summary>
    private static readonly string[] OfOtherCpus = [.. InvariantCatalogue.All.OfType<RaceInvariant>().Select(i => i.Id)];

    [Fact] // The cells from before eras were data stay: the v5.8 models with the walkers they had, 25 a model (225 for nine
           // models until the three generic models became i386/2level and i386/pae).
    public void The_cells_of_the_v58_models_and_walkers_stay()
    {
        var old = InvariantCatalogue.Cells().Where(c => c.Model.Era == KernelEra.V5_8 && (c.Walker is null || WalkersBeforeEras.Contains(c.Walker))
            && !OfOtherCpus.Contains(c.Invariant.Id));
        Assert.Equal(200, old.Count());
    }

    [Fact]
    public void Every_cell_has_a_walker_that_serves_an_era_of_its_models_helpers()
    {
        Assert.All(InvariantCatalogue.Cells().Where(c => c.Walker is not null),
            c => Assert.Contains(c.Model.Helpers.Eras, e => WalkerCatalogue.Serves(c.Walker!, e)));
    }

    [Fact]
    public void Every_model_invariant_has_one_cell_per_model()
    {
        foreach (var invariant in InvariantCatalogue.All.Where(i => i.Walkers.Count == 0 && !i.NeedsKernel))
            Assert.Equal(ModelCatalogue.All.Select(m => m.Name), InvariantCatalogue.Cells().Where(c => c.Invariant == invariant).Select(c => c.Model.Name));
    }

    [Fact] // The walkers of later eras meet only the models of their helpers: 6.12's gup_fast is not checked on 5.8's s390.
    public void Gup_fast_write_on_s390_has_a_cell_per_era_of_gup_fast_that_meets_its_helpers()
    {
        var cells = InvariantCatalogue.Cells().Where(c => c.Invariant.Id == "gup-fast-write" && c.Model.Config == "s390/3level")
            .Select(c => $"{c.Model.Name} {c.Walker}");
        Assert.Equal(
            ["s390/3level gup-fast/v5.8", "s390/3level gup-fast/rfc-addr-end-folded", "s390/3level gup-fast/v5.9", "s390/3level gup-fast/v6.1", "s390/3level@v6.12 gup-fast/v6.12"],
            cells);
    }
}
