using System.Text;
using DiffPlex.Renderer;

namespace PgtableInvariants.Snapshots.Matching;

/// <summary>Matches texts against approved <c>&lt;name&gt;.verified.txt</c> files as Verify does: a mismatch writes
/// <c>&lt;name&gt;.received.txt</c> beside it and fails with a unified diff; accepting is a deliberate, local act.</summary>
/// <remarks>Files are UTF-8 without BOM with <c>\n</c> line endings; a text is compared after the same normalisation.</remarks>
public sealed class SnapshotMatcher(string directory, bool accept)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The matcher tests use: accepting only when <c>SNAPSHOT_ACCEPT=1</c> and <c>CI</c> is not set.</summary>
    public static SnapshotMatcher FromEnvironment(Func<string, string?> variable) =>
        new(SnapshotDirectory.Path, variable("SNAPSHOT_ACCEPT") == "1" && string.IsNullOrEmpty(variable("CI")));

    public bool Accepting { get; } = accept;

    public SnapshotResult Match(string name, string text)
    {
        var actual = Normalise(text);
        var verified = Path.Combine(directory, name + ".verified.txt");
        var received = Path.Combine(directory, name + ".received.txt");
        var approved = File.Exists(verified) ? File.ReadAllText(verified, Utf8) : null;
        if (approved == actual)
        {
            File.Delete(received);
            return new SnapshotResult(SnapshotStatus.Matched, verified, null, null);
        }
        if (Accepting)
        {
            File.WriteAllText(verified, actual, Utf8);
            File.Delete(received);
            return new SnapshotResult(SnapshotStatus.Accepted, verified, null, null);
        }
        File.WriteAllText(received, actual, Utf8);
        if (approved is null)
            return new SnapshotResult(SnapshotStatus.Missing, verified, received, null);
        var diff = UnidiffRenderer.GenerateUnidiff(approved, actual, Path.GetFileName(verified), Path.GetFileName(received), ignoreWhitespace: false, ignoreCase: false, contextLines: 3);
        return new SnapshotResult(SnapshotStatus.Changed, verified, received, diff);
    }

    /// <summary><c>\n</c> line endings and one final newline.</summary>
    public static string Normalise(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
}
