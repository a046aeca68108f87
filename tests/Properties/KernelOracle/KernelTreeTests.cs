using PgtableInvariants.Arch.Models;
using PgtableInvariants.KernelOracle;
using PgtableInvariants.KernelOracle.Trees;

namespace PgtableInvariants.Properties.KernelOracle;

/// <summary>A tree is recognised by its top Makefile and its mm/ walkers, and checked in the era of its release.</summary>
public sealed class KernelTreeTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pgtable-tree-").FullName;

    private string Tree(string version, string patchlevel, string sublevel = "0", bool withMm = true)
    {
        File.WriteAllText(Path.Combine(root, "Makefile"), $"# SPDX\nVERSION = {version}\nPATCHLEVEL = {patchlevel}\nSUBLEVEL = {sublevel}\nEXTRAVERSION =\nNAME = x\n");
        if (withMm)
        {
            Directory.CreateDirectory(Path.Combine(root, "mm"));
            File.WriteAllText(Path.Combine(root, "mm", "gup.c"), "");
            File.WriteAllText(Path.Combine(root, "mm", "pagewalk.c"), "");
        }
        return root;
    }

    [Theory]
    [InlineData("5", "8", "1", "v5.8", true)]
    [InlineData("5", "9", "1", "v5.9", true)]
    [InlineData("5", "15", "0", "v5.9", false)]
    [InlineData("6", "1", "192", "v6.1", true)]
    [InlineData("6", "6", "3", "v6.1", false)]
    [InlineData("6", "12", "117", "v6.12", true)]
    [InlineData("6", "14", "0", "v6.12", false)]
    public void Open_ReadsTheReleaseAndItsEra(string version, string patchlevel, string sublevel, string era, bool exact)
    {
        var tree = KernelTree.Open(Tree(version, patchlevel, sublevel));
        Assert.Equal($"{version}.{patchlevel}.{sublevel}", tree.Version.ToString());
        Assert.Equal(era, tree.Era.Name);
        Assert.Equal(exact, !tree.EraNote.Contains("checked against", StringComparison.Ordinal));
    }

    [Fact]
    public void OfRelease_NeverPicksTheUnmergedRfc() => Assert.Equal(KernelEra.V5_9, KernelEra.OfRelease(5, 10));

    [Fact]
    public void Open_BeforeTheFirstEra_IsRefused() =>
        Assert.Contains("older than 5.8", Assert.Throws<OracleSetupError>(() => KernelTree.Open(Tree("4", "19"))).Message, StringComparison.Ordinal);

    [Fact]
    public void Open_WithoutTheWalkers_IsNotAKernelTree() =>
        Assert.Contains("not a kernel source tree", Assert.Throws<OracleSetupError>(() => KernelTree.Open(Tree("6", "1", withMm: false))).Message, StringComparison.Ordinal);

    [Fact]
    public void Open_OfAMissingDirectory_SaysSo() =>
        Assert.Contains("no such directory", Assert.Throws<OracleSetupError>(() => KernelTree.Open(Path.Combine(root, "nope"))).Message, StringComparison.Ordinal);

    [Fact]
    public void Open_OfAFile_SaysItIsAFile()
    {
        var file = Path.Combine(root, "Makefile.orig");
        File.WriteAllText(file, "");
        Assert.EndsWith("Makefile.orig: a file, not the directory of a kernel source tree", Assert.Throws<OracleSetupError>(() => KernelTree.Open(file)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NamesWhatNamedTheTree() =>
        Assert.StartsWith("PGTABLE_KERNEL_TREES names /", Assert.Throws<OracleSetupError>(() => KernelTree.Open(Path.Combine(root, "nope"), "PGTABLE_KERNEL_TREES names")).Message, StringComparison.Ordinal);

    [Fact]
    public void FromMakefile_WithoutPatchlevel_IsNull() => Assert.Null(KernelVersion.FromMakefile("VERSION = 6\nSUBLEVEL = 1\n"));

    public void Dispose() => Directory.Delete(root, recursive: true);
}
