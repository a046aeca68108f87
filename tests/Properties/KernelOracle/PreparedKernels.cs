using System.Collections.Concurrent;
using PgtableInvariants.KernelOracle;
using PgtableInvariants.KernelOracle.Building;
using PgtableInvariants.KernelOracle.Trees;

namespace PgtableInvariants.Properties.KernelOracle;

/// <summary>The kernel trees prepared on this machine (by <c>oracle/prepare.sh</c>, or named in
/// <c>PGTABLE_KERNEL_TREES</c>) and their built code, shared by every real-code test of the run.</summary>
/// <remarks>Without trees the real-code tests are skipped with the command that prepares them; when <c>CI</c> is set
/// they fail instead, since CI prepares them first.</remarks>
public static class PreparedKernels
{
    private static readonly ConcurrentDictionary<(string Tree, string Arch), Lazy<KernelCode>> Codes = new();

    static PreparedKernels() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var code in Codes.Values.Where(c => c.IsValueCreated))
            code.Value.Dispose();
    };

    /// <summary>What sets the trees up, for a skip message.</summary>
    public const string SetUp = "sudo bash oracle/prepare.sh (Debian's linux-source-6.1 and -6.12, the s390x cross compiler, qemu-user; then the oracle builds)";

    /// <summary>The directories of the prepared trees, in a stable order. A listed directory that does not exist is
    /// no tree: <c>PGTABLE_KERNEL_TREES=/nonexistent</c> is how a quick run (or a mutation run) leaves the real code
    /// out.</summary>
    public static IReadOnlyList<string> Trees { get; } = [.. PreparedTrees.Find().Where(Directory.Exists)];

    private static readonly IReadOnlyList<string> Missing = [.. PreparedTrees.Find().Where(d => !Directory.Exists(d))];

    /// <summary>The code of <paramref name="arch"/> built from <paramref name="tree"/>, built once per run.</summary>
    public static KernelCode Code(string tree, string arch) =>
        Codes.GetOrAdd((tree, arch), key => new Lazy<KernelCode>(() => KernelCode.Prepare(KernelTree.Open(key.Tree), key.Arch))).Value;

    /// <summary>Skips the calling test when no tree is prepared, or fails it under CI.</summary>
    public static void RequireTrees()
    {
        if (Trees.Count > 0)
            return;
        var missing = Missing.Count == 0 ? "" : $" ({string.Join(", ", Missing)}: no such directory)";
        var message = $"no kernel trees are prepared for the real-code tests{missing}: run {SetUp}, or set PGTABLE_KERNEL_TREES";
        if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
            Assert.Fail(message);
        Assert.Skip(message);
    }

    /// <summary>Every (tree, architecture) pair, or one placeholder row when there is none.</summary>
    public static IEnumerable<(string Tree, string Arch)> Pairs() =>
        Trees.Count == 0 ? [("", "")] : from tree in Trees from arch in OracleTarget.Architectures select (tree, arch);
}
