using PgtableInvariants.Snapshots.Matching;

namespace PgtableInvariants.Snapshots;

/// <summary>The matcher itself: a changed or missing snapshot fails, accepting is local, and CI never writes one.</summary>
public sealed class SnapshotMatcherTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("snapshots-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Verified(string name) => Path.Combine(directory, name + ".verified.txt");

    private string Received(string name) => Path.Combine(directory, name + ".received.txt");

    [Fact]
    public void Match_OfTheApprovedText_Passes_AndLeavesNoReceivedFile()
    {
        File.WriteAllText(Verified("A.B"), "pudp++ 0x1\n");
        var result = new SnapshotMatcher(directory, accept: false).Match("A.B", "pudp++ 0x1\r\n");
        Assert.Equal(SnapshotStatus.Matched, result.Status);
        Assert.False(File.Exists(Received("A.B")));
    }

    [Fact]
    public void Match_OfAChangedTrace_FailsWithAUnifiedDiffAndWritesReceived()
    {
        File.WriteAllText(Verified("A.B"), "gup_pud_range\n  pudp++ 000ffffffffffff0 -> stack copy of pgd\n  pin pfn 0x0\n");
        var result = new SnapshotMatcher(directory, accept: false).Match("A.B", "gup_pud_range\n  pudp++ 000ff00000001008 -> region-3 table #0 [513]\n  pin pfn 0x80000\n");
        Assert.True(result.Failed);
        Assert.Equal(SnapshotStatus.Changed, result.Status);
        Assert.Contains("-  pudp++ 000ffffffffffff0 -> stack copy of pgd", result.Diff, StringComparison.Ordinal);
        Assert.Contains("+  pudp++ 000ff00000001008 -> region-3 table #0 [513]", result.Diff, StringComparison.Ordinal);
        Assert.Contains("@@", result.Diff, StringComparison.Ordinal);
        Assert.Contains("SNAPSHOT_ACCEPT=1", result.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Received("A.B")));
        Assert.StartsWith("gup_pud_range\n", File.ReadAllText(Verified("A.B")), StringComparison.Ordinal);
    }

    [Fact]
    public void Match_WithoutAnApprovedSnapshot_FailsAndWritesReceived()
    {
        var result = new SnapshotMatcher(directory, accept: false).Match("A.New", "text");
        Assert.Equal(SnapshotStatus.Missing, result.Status);
        Assert.True(result.Failed);
        Assert.False(File.Exists(Verified("A.New")));
        Assert.Equal("text\n", File.ReadAllText(Received("A.New")));
    }

    [Fact]
    public void Match_WhenAccepting_WritesTheVerifiedFileWithoutBom()
    {
        var result = new SnapshotMatcher(directory, accept: true).Match("A.New", "line\r\nline 2");
        Assert.Equal(SnapshotStatus.Accepted, result.Status);
        Assert.Equal("line\nline 2\n"u8.ToArray(), File.ReadAllBytes(Verified("A.New")));
        Assert.False(File.Exists(Received("A.New")));
    }

    [Theory]
    [InlineData("1", null, true)]
    [InlineData("1", "true", false)]
    [InlineData(null, null, false)]
    [InlineData("yes", null, false)]
    public void FromEnvironment_AcceptsOnlyWhenAskedAndNeverInCi(string? accept, string? ci, bool accepting)
    {
        var matcher = SnapshotMatcher.FromEnvironment(name => name switch { "SNAPSHOT_ACCEPT" => accept, "CI" => ci, _ => null });
        Assert.Equal(accepting, matcher.Accepting);
    }

    [Fact]
    public void Name_FollowsVerifysConvention()
    {
        Assert.Equal("WalkTraces.Trace.s390_3level.gup-fast_v5.8", Snapshot.Name("WalkTraces", "Trace", "s390/3level.gup-fast/v5.8"));
        Assert.Equal("Matrix.Verdicts", Snapshot.Name("Matrix", "Verdicts", null));
    }
}
