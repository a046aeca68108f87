using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Arch;

/// <summary>Looking a model up by name or by (configuration, era), and what a model says of itself.</summary>
public sealed class ModelCatalogueTests
{
    [Fact] // The architecture's own name, which traces, messages and the oracle's choice of target read: the kernel's
           // ARCH (arm64, riscv64, s390) and x86's two builds, whatever the configuration and era. Built afresh.
    public void EveryModelsArchitecture_IsNamedAsItsKernelBuild()
    {
        var expected = new Dictionary<string, string> { ["arm64"] = "arm64", ["riscv"] = "riscv64", ["s390"] = "s390", ["x86-64"] = "x86-64", ["i386"] = "i386" };
        Assert.All(ModelCatalogue.All, m => Assert.Equal(expected[m.Name[..m.Name.IndexOf('/')]], Afresh.Of(m.Arch).Name));
    }

    [Fact]
    public void Find_AndFor_ReturnNothingForAnUnknownNameOrAnEraWithoutTheConfiguration()
    {
        Assert.Null(ModelCatalogue.Find("x86-64/6level"));
        Assert.Null(ModelCatalogue.Find("x86-64/4level@v4.19"));
        Assert.Null(ModelCatalogue.For("x86-64/6level", KernelEra.V6_12));
        Assert.Null(ModelCatalogue.For("arm64/4k/48", KernelEra.V5_9));
        Assert.Equal("arm64/4k/48@v6.8", ModelCatalogue.For("arm64/4k/48", KernelEra.V6_8)!.Name);
        Assert.Equal("riscv/sv57@v5.18", ModelCatalogue.For("riscv/sv57", KernelEra.V5_18)!.Name);
    }

    [Fact] // Every configuration is listed once, in the order of the models.
    public void Configs_AreTheDistinctConfigurations_InOrder()
    {
        Assert.Equal(ModelCatalogue.All.Select(m => m.Config).Distinct(), ModelCatalogue.Configs);
        Assert.Equal(["x86-64/4level", "x86-64/5level", "x86-64/la57-on-4level", "i386/2level", "i386/pae", "s390/3level", "s390/4level", "s390/5level"],
            ModelCatalogue.Configs.Take(8));
    }

    [Theory] // Each era's model of a configuration has that era's helpers, the configuration's depth and hardware.
    [InlineData("x86-64/5level@v6.1", "v6.1", 5)]
    [InlineData("i386/pae@v6.12", "v6.12", 3)]
    [InlineData("s390/4level@v6.12", "v6.12", 4)]
    [InlineData("s390/3level", "v5.8", 3)]
    public void LaterEraModel_HasThatErasHelpersAndTheConfigurationsDepth(string name, string era, int levels)
    {
        var model = ModelCatalogue.Find(name)!;
        var first = ModelCatalogue.Find(model.Config)!;
        Assert.Equal(era, model.Era.Name);
        Assert.Equal(levels, model.InitialLevels);
        Assert.Equal(levels, model.NewAddressSpace().Levels);
        Assert.Equal(first.Folding, model.Folding);
        Assert.Equal(first.Mmu.GetType(), model.Mmu.GetType());
        Assert.Equal(first.Arch.Geometry.Levels.Select(l => (l.Shift, l.PtrsPer)), model.Arch.Geometry.Levels.Select(l => (l.Shift, l.PtrsPer)));
        Assert.Equal(name, model.ToString());
    }

    [Theory] // s390: a new mm reaches its asce_limit (2^42 with 3 levels, 2^53 with 4); a mapping above it upgrades the mm.
    [InlineData("s390/3level", 1UL << 42)]
    [InlineData("s390/4level", 1UL << 53)]
    [InlineData("s390/5level", 0xffff_ffff_ffff_f000)]
    [InlineData("x86-64/4level", 0x7fff_ffff_f000)]
    public void Reach_IsTheAsceLimitOfANewMm_OrTaskSizeMax(string name, ulong reach) =>
        Assert.Equal(reach, ModelCatalogue.Find(name)!.Reach);

    [Fact] // `list` says how each model folds: it names exactly the middle levels a new mm of the model folds.
    public void Folding_NamesExactlyTheLevelsANewMmFolds()
    {
        Assert.All(ModelCatalogue.All, model =>
        {
            var mm = model.NewAddressSpace();
            var folded = new[] { Level.P4d, Level.Pud, Level.Pmd }.Where(l => model.Arch.MmFolded(mm, l)).ToArray();
            Assert.All(new[] { Level.P4d, Level.Pud, Level.Pmd }, l =>
                Assert.True(folded.Contains(l) == model.Folding.Contains(l.Name(), StringComparison.Ordinal), $"{model}: '{model.Folding}' and {l.Name()}"));
            Assert.True(folded.Length > 0 || model.Folding.StartsWith("none", StringComparison.Ordinal) || model.Folding.EndsWith("nothing folded", StringComparison.Ordinal),
                $"{model}: '{model.Folding}'");
            Assert.Equal(model.Arch is IDynamicFolding, model.Folding.StartsWith("dynamic:", StringComparison.Ordinal));
        });
    }
}
