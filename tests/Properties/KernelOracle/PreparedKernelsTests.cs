namespace PgtableInvariants.Properties.KernelOracle;

/// <summary>A path <c>PGTABLE_KERNEL_TREES</c> lists ends the real-code test it would feed with its name in the reason:
/// skipped when it does not exist (failed under CI), failed when it exists and is no kernel tree. None is passed over.</summary>
public sealed class PreparedKernelsTests
{
    [Fact]
    public void A_listed_tree_that_does_not_exist_skips_the_test_naming_it() =>
        Assert.Equal(("PGTABLE_KERNEL_TREES names /nonexistent/linux, which does not exist: no real-code test runs on it", true), PreparedKernels.Unusable("/nonexistent/linux"));

    [Fact]
    public void A_listed_file_fails_the_test_naming_it() =>
        Assert.Equal(("PGTABLE_KERNEL_TREES names /etc/passwd: a file, not the directory of a kernel source tree", false), PreparedKernels.Unusable("/etc/passwd"));

    [Fact]
    public void A_listed_directory_that_is_no_kernel_tree_fails_the_test_naming_it()
    {
        var (reason, skips) = PreparedKernels.Unusable("/etc");
        Assert.False(skips);
        Assert.StartsWith("PGTABLE_KERNEL_TREES names /etc: not a kernel source tree", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_listed_path_is_opened_only_when_it_is_a_kernel_tree()
    {
        Assert.Null(PreparedKernels.Open("/nonexistent/linux"));
        Assert.Null(PreparedKernels.Open("/etc"));
        Assert.Null(PreparedKernels.Open(""));
    }
}
