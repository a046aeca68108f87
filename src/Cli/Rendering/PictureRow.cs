namespace PgtableInvariants.Cli.Rendering;

/// <summary>One row of a <see cref="WalkPicture"/>: a run of consecutive steps on one slot, a page found, or an
/// annotation (where <c>pXd_offset(parent, next)</c> points, what the hardware reads). A row has one box, in one
/// column, so no two boxes ever share a row and nothing drawn in a row can overlap another row's.</summary>
/// <param name="Label">The gutter text: the step numbers and the helper, as in the text trace.</param>
/// <param name="Column">The column the box stands in (a table, the kernel stack, other memory, the pages).</param>
/// <param name="Line1">The box's first line: the slot and the value read, or the page and its frame.</param>
/// <param name="Line2">The box's second line: the slot's address, or the hardware's answer.</param>
/// <param name="Style">How the box is drawn.</param>
/// <param name="OnPath">The row is a step of the walk: the path's arrow comes into it from the previous such row.</param>
internal sealed record PictureRow(string Label, PictureColumn? Column, string Line1, string Line2, RowStyle Style, bool OnPath)
{
    /// <summary>The first and last step numbers of a row of the walk's own steps.</summary>
    public (int First, int Last)? Steps { get; init; }

    /// <summary>For a <c>p++</c>: the step that last set the pointer, where the path into this row starts.</summary>
    public int? ComesFrom { get; init; }

    /// <summary>A row standing for steps left out of a long walk's picture, saying which.</summary>
    public static PictureRow Elided(string label) => new(label, null, "", "", RowStyle.Elided, false);
}
