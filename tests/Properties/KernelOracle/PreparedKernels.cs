using System.Collections.Concurrent;
using PgtableInvariants.KernelOracle;
using PgtableInvariants.KernelOracle.Trees;

namespace PgtableInvariants.Properties.KernelOracle;

/// <summary>The kernel trees prepared on this machine (by <c>oracle/prepare.sh</c>, or named in
/// <c>PGTABLE_KERNEL_TREES</c>) and their built code, shared by every real-code test of the run.</summary>
/// <remarks>Without trees the real-code tests are skipped with the command that prepares them; when <c>CI</c> is set
/// they fail instead, since CI prepares them first. A path <c>PGTABLE_KERNEL_TREES</c> lists that does not exist is
/// treated alike, with its name in the reason (<c>PGTABLE_KERNEL_TREES=/nonexistent</c> skips the real-code tests, and
/// says so in the skip count); one that exists but is not a kernel tree fails.</remarks>
public static class PreparedKernels
{
    private static readonly ConcurrentDictionary<(string Tree, string Arch), Lazy<KernelCode>> Codes = new();

    static PreparedKernels() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var code in Codes.Values.Where(c => c.IsValueCreated))
            code.Value.Dispose();
    };

    /// <summary>What sets the trees up, for a skip message.</summary>
    public const string SetUp = "sudo bash oracle/prepare.sh (Debian's linux-source-6.1 and -6.12, the s390x, aarch64 and riscv64 cross compilers, qemu-user; then the oracle builds)";

    /// <summary>The directories of the prepared trees, in a stable order; a listed directory that does not exist is
    /// none (<c>PGTABLE_KERNEL_TREES=/nonexistent</c> skips the real-code tests on a machine that has trees).</summary>
    public static IReadOnlyList<string> Trees { get; } = [.. PreparedTrees.Find().Where(Directory.Exists)];

    /// <summary>The code of <paramref name="arch"/> built from <paramref name="tree"/>, built once per run.</summary>
    public static KernelCode Code(string tree, string arch) =>
        Codes.GetOrAdd((tree, arch), key => new Lazy<KernelCode>(() => KernelCode.Prepare(KernelTree.Open(key.Tree), key.Arch))).Value;

    /// <summary>Where the trees were named, for messages.</summary>
    private const string Variable = "PGTABLE_KERNEL_TREES";

    /// <summary>The tree at <paramref name="directory"/>, or null when it is none (see <see cref="Unusable"/>).</summary>
    public static KernelTree? Open(string directory)
    {
        try
        {
            return directory.Length == 0 ? null : KernelTree.Open(directory, $"{Variable} names");
        }
        catch (OracleSetupError)
        {
            return null;
        }
    }

    /// <summary>Ends the calling test for a <paramref name="directory"/> that <see cref="Open"/> refused, or for none
    /// (""): see <see cref="Unusable"/>.</summary>
    public static void End(string directory)
    {
        var (reason, skips) = Unusable(directory);
        if (!skips || Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
            Assert.Fail(reason);
        Assert.Skip(reason);
    }

    /// <summary>Why no real-code test runs on <paramref name="directory"/>, and whether that skips the test (nothing is
    /// there to run) rather than fails it (a listed path that is not a kernel tree).</summary>
    public static (string Reason, bool Skips) Unusable(string directory)
    {
        if (directory.Length == 0)
            return ($"no kernel trees are prepared for the real-code tests: run {SetUp}, or set {Variable}", true);
        if (!Directory.Exists(directory) && !File.Exists(directory))
            return ($"{Variable} names {directory}, which does not exist: no real-code test runs on it", true);
        try
        {
            KernelTree.Open(directory, $"{Variable} names");
            return ($"{Variable} names {directory}, which the real-code tests cannot open", false);
        }
        catch (OracleSetupError e)
        {
            return (e.Message, false);
        }
    }
}
