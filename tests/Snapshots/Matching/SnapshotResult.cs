namespace PgtableInvariants.Snapshots.Matching;

/// <summary>The outcome of one match, with the message a failing test shows: the unified diff and how to accept.</summary>
public sealed record SnapshotResult(SnapshotStatus Status, string VerifiedPath, string? ReceivedPath, string? Diff)
{
    /// <summary>True when the test should fail.</summary>
    public bool Failed => Status is SnapshotStatus.Missing or SnapshotStatus.Changed;

    public string Message => Status switch
    {
        SnapshotStatus.Missing => $"No approved snapshot {VerifiedPath}.\nReceived: {ReceivedPath}\n{AcceptHint}",
        SnapshotStatus.Changed => $"The snapshot changed:\n{Diff}\n{AcceptHint}",
        _ => $"{Status}: {VerifiedPath}",
    };

    private string AcceptHint =>
        $"Review it, then accept it with: SNAPSHOT_ACCEPT=1 dotnet test --project tests/Snapshots (never in CI), or: mv '{ReceivedPath}' '{VerifiedPath}'";
}
