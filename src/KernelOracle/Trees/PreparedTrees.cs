namespace PgtableInvariants.KernelOracle.Trees;

/// <summary>The kernel trees prepared on this machine: <c>PGTABLE_KERNEL_TREES</c> (colon-separated), or the trees
/// <c>oracle/prepare.sh</c> unpacked under <c>~/.cache/pgtable-invariants/trees</c>.</summary>
public static class PreparedTrees
{
    public static IReadOnlyList<string> Find()
    {
        if (Environment.GetEnvironmentVariable("PGTABLE_KERNEL_TREES") is { Length: > 0 } listed)
            return listed.Split(':', StringSplitOptions.RemoveEmptyEntries);
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        var root = Path.Combine(cache, "pgtable-invariants", "trees");
        return Directory.Exists(root)
            ? [.. Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, "Makefile"))).Order(StringComparer.Ordinal)]
            : [];
    }
}
