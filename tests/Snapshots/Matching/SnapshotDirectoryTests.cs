using PgtableInvariants.Snapshots.Matching;

namespace PgtableInvariants.Snapshots;

public sealed class SnapshotDirectoryTests
{
    [Fact]
    public void Path_IsTheVerifiedFolderBesideThisProject()
    {
        Assert.True(Directory.Exists(SnapshotDirectory.Path), SnapshotDirectory.Path);
        Assert.True(File.Exists(Path.Combine(SnapshotDirectory.Path, "..", "PgtableInvariants.Snapshots.csproj")));
        Assert.DoesNotContain("/_/", SnapshotDirectory.Path, StringComparison.Ordinal);
    }
}
