namespace PgtableInvariants.Snapshots.Matching;

/// <summary>The assertion the snapshot tests use: <c>Snapshot.Verify(text, nameof(Class), nameof(Method), case)</c>
/// matches against <c>tests/Snapshots/Verified/&lt;Class&gt;.&lt;Method&gt;[.&lt;case&gt;].verified.txt</c>.</summary>
public static class Snapshot
{
    public static void Verify(string text, string className, string method, string? caseName = null)
    {
        var result = SnapshotMatcher.FromEnvironment(Environment.GetEnvironmentVariable).Match(Name(className, method, caseName), text);
        if (result.Failed)
            Assert.Fail(result.Message);
    }

    /// <summary><c>&lt;Class&gt;.&lt;Method&gt;[.&lt;case&gt;]</c>, with characters a file name cannot hold replaced.</summary>
    public static string Name(string className, string method, string? caseName) =>
        caseName is null ? $"{className}.{method}" : $"{className}.{method}.{Safe(caseName)}";

    private static string Safe(string caseName) =>
        string.Concat(caseName.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_'));
}
