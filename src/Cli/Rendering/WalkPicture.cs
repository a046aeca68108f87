using System.Globalization;
using System.Security;
using System.Text;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Cli.Rendering;

/// <summary>An SVG picture of one walk: each table touched is a column of the entries read, the walker's stack copies
/// stand apart in a column of their own, the path of loads is drawn in order, a <c>p++</c> that leaves a table or a
/// copy is a red dashed arrow, and wrong pages and faults are red.</summary>
public static class WalkPicture
{
    private const int ColumnWidth = 330, Gap = 70, RowHeight = 26, Top = 70, Left = 20, PagesWidth = 380, Lane = 7;

    private sealed record Slot(string Column, ulong Address, string Label);

    public static string Render(string model, WalkResult walk, IReadOnlyList<PageCheck> pages)
    {
        var columns = new List<string>();
        var slots = new Dictionary<ulong, Slot>();
        var values = new Dictionary<ulong, string>();
        var path = new List<(ulong Address, WalkStep Step)>();
        foreach (var step in walk.Trace.Steps)
        {
            // Loads, and the increments a loop goes on with (a dead last increment is not followed).
            if (step.Pointer is not { } p || step.Into is null || !(step.IsLoad || step.Helper.EndsWith("++", StringComparison.Ordinal) && step.Note is null))
                continue;
            var column = ColumnOf(step.Into);
            if (!columns.Contains(column))
                columns.Add(column);
            slots.TryAdd(p.Address, new Slot(column, p.Address, LabelOf(step.Into, p.Address)));
            if (step.Value is { } v)
                values[p.Address] = v.ToString();
            path.Add((p.Address, step));
        }
        var rows = columns.ToDictionary(c => c, c => slots.Values.Where(s => s.Column == c)
            .OrderBy(s => c == StackColumn ? ulong.MaxValue - s.Address : s.Address).ToList());
        var tablesBottom = Top + (rows.Values.Select(r => r.Count).DefaultIfEmpty(0).Max() + 1) * RowHeight;
        var height = tablesBottom + 30 + path.Count * Lane + 30;
        height = Math.Max(height, Top + (pages.Count + 3) * RowHeight);
        var width = Left + columns.Count * (ColumnWidth + Gap) + PagesWidth;

        (int Column, double Y) Place(ulong address)
        {
            var slot = slots[address];
            return (columns.IndexOf(slot.Column), Top + (rows[slot.Column].IndexOf(slot) + 1) * RowHeight + RowHeight / 2.0);
        }

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"monospace\" font-size=\"12\">\n");
        svg.Append("<defs><marker id=\"arrow\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#333\"/></marker>")
           .Append("<marker id=\"escape\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#c00\"/></marker></defs>\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        Text(svg, Left, 24, $"{model} / {walk.Walker} {walk.Range}", "font-size=\"15\" font-weight=\"bold\"");
        Text(svg, Left, 44, walk.Fault is null ? $"{walk.PageCount} pages, {walk.Loads} loads" : $"fault: {walk.Fault}", walk.Fault is null ? "" : "fill=\"#c00\"");

        foreach (var (column, i) in columns.Select((c, i) => (c, i)))
        {
            var x = Left + i * (ColumnWidth + Gap);
            var stack = column == StackColumn;
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"{(stack ? "stack" : "table")}\">\n");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{Top}\" width=\"{ColumnWidth}\" height=\"{RowHeight}\" fill=\"{(stack ? "#fde8c8" : "#dde8f8")}\" stroke=\"#333\"/>\n");
            Text(svg, x + 6, Top + 16, column, "font-weight=\"bold\"");
            foreach (var (slot, r) in rows[column].Select((s, r) => (s, r)))
            {
                var y = Top + (r + 1) * RowHeight;
                var fill = slot.Label.Contains("red zone", StringComparison.Ordinal) || slot.Label.Contains("unmapped", StringComparison.Ordinal) ? "#f8c8c8" : stack ? "#fff6e8" : "#f4f8ff";
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"slot\" x=\"{x}\" y=\"{y}\" width=\"{ColumnWidth}\" height=\"{RowHeight}\" fill=\"{fill}\" stroke=\"#888\"/>\n");
                Text(svg, x + 6, y + 16, values.TryGetValue(slot.Address, out var value) ? $"{slot.Label} {value}" : slot.Label, "font-size=\"11\"");
            }
            svg.Append("</g>\n");
        }

        // The path: from the right edge of one slot to the left edge of the next; within a column, a loop on its
        // right side. Each arrow carries the number of the step it leads to.
        for (var i = 1; i < path.Count; i++)
        {
            var (from, _) = path[i - 1];
            var (to, step) = path[i];
            // An increment moves from the slot the pointer was on, whatever was loaded last.
            if (step.Helper.EndsWith("++", StringComparison.Ordinal) && slots.ContainsKey(to - 8))
                from = to - 8;
            if (from == to)
                continue;
            var (c1, y1) = Place(from);
            var (c2, y2) = Place(to);
            var right1 = Left + c1 * (ColumnWidth + Gap) + ColumnWidth;
            var left2 = Left + c2 * (ColumnWidth + Gap);
            var escape = step.Helper.EndsWith("++", StringComparison.Ordinal) && step.Into is not Target.TableSlot;
            var style = escape ? "stroke=\"#c00\" stroke-width=\"2.5\" stroke-dasharray=\"7,4\" marker-end=\"url(#escape)\"" : "stroke=\"#555\" stroke-width=\"1\" marker-end=\"url(#arrow)\"";
            string d;
            double labelX, labelY;
            if (c1 == c2)
            {
                d = FormattableString.Invariant($"M{right1},{y1:0.#} C{right1 + 40},{y1:0.#} {right1 + 40},{y2:0.#} {right1},{y2:0.#}");
                (labelX, labelY) = (right1 + 30, (y1 + y2) / 2);
            }
            else if (c2 == c1 + 1)
            {
                var mid = right1 + Gap / 2.0;
                d = FormattableString.Invariant($"M{right1},{y1:0.#} C{mid:0.#},{y1:0.#} {mid:0.#},{y2:0.#} {left2},{y2:0.#}");
                (labelX, labelY) = (mid, (y1 + y2) / 2);
            }
            else
            {
                // Down into a lane of its own under the tables, across, and up into the target from its left.
                var lane = tablesBottom + 20 + i * Lane;
                var out1 = right1 + 12 + (i % 4) * 6;
                var in2 = left2 - 12 - (i % 4) * 6;
                d = FormattableString.Invariant($"M{right1},{y1:0.#} L{out1},{y1:0.#} L{out1},{lane} L{in2},{lane} L{in2},{y2:0.#} L{left2},{y2:0.#}");
                (labelX, labelY) = ((out1 + in2) / 2.0, lane - 2);
            }
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"{(escape ? "escape" : "step")}\" d=\"{d}\" fill=\"none\" {style}/>\n");
            Text(svg, labelX + 3, labelY + 4, i.ToString(CultureInfo.InvariantCulture), escape ? "fill=\"#c00\" font-size=\"10\"" : "fill=\"#777\" font-size=\"10\"");
            if (escape)
                Text(svg, Left, height - 12, $"step {i}: {step.Helper} in {step.Function} leaves its {(step.Into is Target.StackCopySlot ? "stack copy" : "table")} for {step.Into}", "fill=\"#c00\" font-weight=\"bold\"");
        }

        var px = Left + columns.Count * (ColumnWidth + Gap);
        svg.Append("<g class=\"pages\">\n");
        Text(svg, px, Top + 16, "page -> pfn (hardware)", "font-weight=\"bold\"");
        foreach (var (page, r) in pages.Select((p, r) => (p, r)))
        {
            var y = Top + (r + 1) * RowHeight + 16;
            var text = $"{(page.Pages == 1 ? page.Va.ToString() : $"{page.RangeText} ({page.Pages} pages)")} -> {page.Pfn?.ToString() ?? "-"} ({page.HardwareText})";
            Text(svg, px, y, page.Wrong ? text + "  WRONG" : text, page.Wrong ? "class=\"wrong\" fill=\"#c00\" font-weight=\"bold\"" : "");
        }
        svg.Append("</g>\n</svg>\n");
        return svg.ToString();
    }

    private const string StackColumn = "kernel stack";

    private static string ColumnOf(Target into) => into switch
    {
        Target.TableSlot t => $"{t.Table.Name} #{t.Table.Id}",
        Target.StackCopySlot or Target.StackPadding or Target.StackRedZone => StackColumn,
        _ => "elsewhere",
    };

    private static string LabelOf(Target into, ulong address) => into switch
    {
        Target.TableSlot t => $"[{t.Index}]",
        Target.StackCopySlot c => $"{c.Copy.Value.Level.ToString().ToLowerInvariant()} copy in {c.Copy.Owner}",
        _ => $"{address:x}: {into}",
    };

    private static void Text(StringBuilder svg, double x, double y, string text, string attributes) =>
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{y:0.#}\" {attributes}>{SecurityElement.Escape(text)}</text>\n");
}
