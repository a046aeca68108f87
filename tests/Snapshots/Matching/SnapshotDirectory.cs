using System.Reflection;

namespace PgtableInvariants.Snapshots.Matching;

/// <summary>Where approved snapshots live: <c>tests/Snapshots/Verified</c>, taken from the MSBuild value the
/// project stamps into the assembly.</summary>
public static class SnapshotDirectory
{
    /// <summary>The absolute path of the folder of <c>*.verified.txt</c> files.</summary>
    public static string Path { get; } =
        typeof(SnapshotDirectory).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "SnapshotDirectory").Value
        ?? throw new InvalidOperationException("the SnapshotDirectory assembly metadata is empty");
}
