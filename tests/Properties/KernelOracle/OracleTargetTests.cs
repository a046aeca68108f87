using PgtableInvariants.Arch.Models;
using PgtableInvariants.KernelOracle.Building;

namespace PgtableInvariants.Properties.KernelOracle;

/// <summary>Which server build runs a model, and with which depth of mm: an arm64 configuration that folds a level at
/// run time is its LPA2 sibling's build on a CPU without LPA2, one level fewer; every riscv64 mode is the one riscv64
/// build booted in that satp mode.</summary>
public sealed class OracleTargetTests
{
    [Theory]
    [InlineData("arm64/4k/48@v6.12", "4k-48", 4)]
    [InlineData("arm64/4k/52@v6.12", "4k-52", 5)]
    [InlineData("arm64/4k/52-p4d-folded@v6.12", "4k-52", 4)]
    [InlineData("arm64/16k/47@v6.12", "16k-47", 3)]
    [InlineData("arm64/16k/52@v6.12", "16k-52", 4)]
    [InlineData("arm64/16k/52-pud-folded@v6.10", "16k-52", 3)]
    [InlineData("arm64/64k/42@v6.12", "64k-42", 2)]
    [InlineData("arm64/64k/52@v6.8", "64k-52", 3)]
    public void An_arm64_model_runs_on_the_build_of_its_granule_and_VA_size(string model, string variant, int levels)
    {
        var (target, depth) = OracleTarget.For(ModelCatalogue.Find(model)!)!.Value;
        Assert.Equal(new OracleTarget("arm64", variant), target);
        Assert.Equal(levels, depth);
    }

    [Fact]
    public void Arm64_needs_six_builds_one_per_granule_and_VA_size() =>
        Assert.Equal(["4k-48", "4k-52", "16k-47", "16k-52", "64k-42", "64k-52"], OracleTarget.Of("arm64").Select(t => t.Variant));

    [Theory]
    [InlineData("riscv/sv39@v6.12", 3)]
    [InlineData("riscv/sv48@v6.12", 4)]
    [InlineData("riscv/sv57@v6.12", 5)]
    [InlineData("riscv/sv39@v6.1", 3)]
    public void A_riscv_model_runs_on_the_one_riscv64_build_with_an_mm_of_its_satp_modes_depth(string model, int levels)
    {
        var (target, depth) = OracleTarget.For(ModelCatalogue.Find(model)!)!.Value;
        Assert.Equal(OracleTarget.Riscv64, target);
        Assert.Equal(levels, depth);
    }

    [Fact]
    public void Riscv64_needs_one_build() =>
        Assert.Equal([OracleTarget.Riscv64], OracleTarget.Of("riscv64"));
}
