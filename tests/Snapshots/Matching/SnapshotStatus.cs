namespace PgtableInvariants.Snapshots.Matching;

/// <summary>What matching a text against its approved snapshot found.</summary>
public enum SnapshotStatus
{
    /// <summary>The text is the approved one.</summary>
    Matched,

    /// <summary>No approved snapshot exists; the text was written as <c>.received.txt</c>.</summary>
    Missing,

    /// <summary>The text differs from the approved one; it was written as <c>.received.txt</c>.</summary>
    Changed,

    /// <summary>Accepting was asked for (locally): the text is now the approved one.</summary>
    Accepted,
}
