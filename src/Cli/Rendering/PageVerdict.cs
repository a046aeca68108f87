namespace PgtableInvariants.Cli.Rendering;

/// <summary>How a run of pages of a traced walk compares with the hardware's translation.</summary>
public enum PageVerdict
{
    /// <summary>Neither the walker nor the hardware has a page here.</summary>
    Hole,

    /// <summary>The walker found or pinned the frame the hardware reaches.</summary>
    AsHardware,

    /// <summary>The walker has a frame the hardware does not give for this address (or does not let it write).</summary>
    Wrong,

    /// <summary>The hardware reaches a frame the walker did not find, and the walker must find every page.</summary>
    Missed,

    /// <summary>The hardware reaches a frame gup_fast did not pin, and gup_fast may leave it to slow gup: some page of
    /// the range is not mapped or not accessible, so only a prefix is owed.</summary>
    LeftToSlowGup,
}
