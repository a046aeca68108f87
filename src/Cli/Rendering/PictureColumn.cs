namespace PgtableInvariants.Cli.Rendering;

/// <summary>A column of the picture: one page table, the kernel stack, other memory, or the pages found.</summary>
/// <param name="Key">What makes two slots share the column.</param>
/// <param name="Title">The header's bold line (<c>region-3 table #0</c>).</param>
/// <param name="Subtitle">The header's second line: where the table is and how many entries it has.</param>
internal sealed record PictureColumn(string Key, string Title, string Subtitle)
{
    public const string StackKey = "stack";
    public const string PagesKey = "pages";

    public static PictureColumn Stack { get; } = new(StackKey, "kernel stack", "the walker's copies of entries");

    public static PictureColumn Pages { get; } = new(PagesKey, "pages", "walker's frame, hardware's answer");

    public static PictureColumn Other { get; } = new("other", "other memory", "not a table nor a copy");
}
