using System.Globalization;
using System.Security;
using System.Text;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Cli.Parsing;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Hardware;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Cli.Rendering;

/// <summary>An SVG picture of one walk that explains it: time runs down, one row per step (numbered as in the text
/// trace and the JSON), memory runs across, one column per page table touched, one for the kernel stack (with a map
/// of the walker's copies by stack address) and one for the pages found beside the hardware's answer. A <c>p++</c>
/// that leaves its table or copy is red and dashed, followed by the slot <c>pXd_offset(parent, next)</c> gives and
/// the slots the hardware reads for <c>next</c>, with its translation or exception.</summary>
/// <remarks>Every box and text has a row or a header of its own, so nothing overlaps by construction; text widths
/// are estimated from a monospace advance of <see cref="Advance"/> em (DejaVu Sans Mono's is 0.602).</remarks>
public static class WalkPicture
{
    /// <summary>Width of a character of the picture's monospace font, in em, as the layout assumes it.</summary>
    public const double Advance = 0.62;

    /// <summary>Rows a long walk is cut down to (give or take one window): its start, its end and the rows around
    /// the first things that went wrong; each run left out is one row that names its steps.</summary>
    public const int MaxRows = 160;

    private const double MainFont = 12, SmallFont = 10, TitleFont = 15;
    private const int Margin = 16, RowHeight = 34, BoxTop = 3, BoxHeight = 28, Pad = 8, Gap = 44, MapLine = 15, MapIndent = 26;

    public static string Render(Model model, AddressSpace mm, WalkResult walk, WalkOptions options)
    {
        var access = options.Write ? Access.Write : Access.Read;
        var oracle = new HardwareWalker(model.Mmu);
        var reader = new PictureRows(
            va => model.Mmu.Translate(new Cpu(mm.Memory), mm, va, access),
            va => oracle.Walk(mm, walk.Range.With(va, va + walk.Range.PageSize), options with { Trace = true }),
            mm.Memory.Describe);
        var rows = Shorten(reader.Read(walk.Trace));
        var stack = StackMap(walk, reader);

        var columns = rows.Where(r => r.Column is not null).Select(r => r.Column!).DistinctBy(c => c.Key)
            .OrderBy(c => c.Key == PictureColumn.PagesKey ? 1 : 0).ToList();
        var widths = columns.Select(c => Pad * 2 + new[]
        {
            Width(c.Title, MainFont), Width(c.Subtitle, SmallFont),
            c.Key == PictureColumn.StackKey ? stack.Select(l => MapIndent - Pad + Width(l.Text, SmallFont)).DefaultIfEmpty(0).Max() : 0,
        }.Concat(rows.Where(r => r.Column?.Key == c.Key).SelectMany(r => new[] { Width(r.Line1, MainFont), Width(r.Line2, SmallFont) })).Max()).ToList();
        // The gutter holds every label, a left-out run's too, so no arrow ever crosses one.
        var gutter = rows.Select(r => Width(r.Label, MainFont)).DefaultIfEmpty(0).Max() + Pad;
        var x = new List<double> { Margin + gutter + Gap };
        for (var i = 1; i < columns.Count; i++)
            x.Add(x[i - 1] + widths[i - 1] + Gap);
        var columnsRight = columns.Count == 0 ? Margin + gutter : x[^1] + widths[^1];

        var summary = Summary(model, walk, options, reader, rows.Count(r => r.Style == RowStyle.Elided));
        var headerTop = Margin + TitleFont + 8 + summary.Count * 18 + 8;
        var headerHeights = columns.Select(c => 40 + (c.Key == PictureColumn.StackKey && stack.Count > 0 ? stack.Count * MapLine + 6 : 0)).ToList();
        var rowsTop = headerTop + headerHeights.DefaultIfEmpty(0).Max() + 14;
        var legend = LegendItems();
        var width = Math.Ceiling(new[]
        {
            columnsRight + Margin,
            Margin * 2 + Width(Title(model, walk, options), TitleFont),
            Margin * 2 + summary.Select(s => Width(s.Text, MainFont)).DefaultIfEmpty(0).Max(),
            Margin * 2 + legend.Max(l => LegendItemWidth(l.Text)),
        }.Max());
        var legendTop = rowsTop + rows.Count * RowHeight + 24;
        var legendRows = LegendLayout(legend, width);
        var height = legendTop + 24 + legendRows.Max(l => l.Row + 1) * 24 + Margin;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"DejaVu Sans Mono, monospace\">\n");
        // Arrowheads in user units, so a thick stroke does not blow them up.
        svg.Append("<defs>")
           .Append(Marker("arrow", "#555")).Append(Marker("escape", "#c00"))
           .Append("</defs>\n");
        svg.Append("<rect class=\"background\" width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        Text(svg, Margin, Margin + TitleFont, Title(model, walk, options), TitleFont, "font-weight=\"bold\"", "title");
        foreach (var (line, i) in summary.Select((s, i) => (s, i)))
            Text(svg, Margin, Margin + TitleFont + 8 + (i + 1) * 18, line.Text, MainFont, line.Red ? "fill=\"#c00\"" : "fill=\"#333\"", "summary");

        for (var r = 0; r < rows.Count; r++)
            if (r % 2 == 1)
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"stripe\" x=\"0\" y=\"{rowsTop + r * RowHeight}\" width=\"{width}\" height=\"{RowHeight}\" fill=\"#f7f7f7\"/>\n");

        for (var c = 0; c < columns.Count; c++)
        {
            var column = columns[c];
            Box(svg, x[c], headerTop, widths[c], headerHeights[c], "header", column.Key == PictureColumn.StackKey ? "fill=\"#fbe3bf\" stroke=\"#8a6420\"" : column.Key == PictureColumn.PagesKey ? "fill=\"#e2e2e2\" stroke=\"#555\"" : "fill=\"#d5e2f6\" stroke=\"#34568a\"");
            Text(svg, x[c] + Pad, headerTop + 17, column.Title, MainFont, "font-weight=\"bold\"", "column");
            Text(svg, x[c] + Pad, headerTop + 32, column.Subtitle, SmallFont, "fill=\"#333\"", "column");
            if (column.Key == PictureColumn.StackKey)
                DrawStackMap(svg, stack, x[c], headerTop + 40);
        }

        int? previous = null;
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var y = rowsTop + r * RowHeight;
            var annotation = !row.OnPath;
            Text(svg, Margin, y + 21, row.Label, MainFont, row.Style switch
            {
                RowStyle.Elided => "fill=\"#555\" font-style=\"italic\"",
                RowStyle.Expected => "fill=\"#1f6f1f\" font-style=\"italic\"",
                RowStyle.Hardware => "fill=\"#5a3d99\" font-style=\"italic\"",
                RowStyle.Escape or RowStyle.PageWrong => "fill=\"#c00\" font-weight=\"bold\"",
                _ => "fill=\"#222\"",
            }, row.Style == RowStyle.Elided ? "elided" : annotation ? "note" : "step");
            if (row.Style == RowStyle.Elided)
            {
                previous = null;
                continue;
            }
            var c = columns.FindIndex(k => k.Key == row.Column!.Key);
            Box(svg, x[c], y + BoxTop, widths[c], BoxHeight, "slot " + row.Style.ToString().ToLowerInvariant(), BoxStyle(row.Style));
            Text(svg, x[c] + Pad, y + 16, row.Line1, MainFont, "", "slot");
            Text(svg, x[c] + Pad, y + 28, row.Line2, SmallFont, row.Style is RowStyle.PageWrong or RowStyle.Escape ? "fill=\"#c00\"" : "fill=\"#444\"", "slot");
            if (annotation)
                continue;
            // An increment moves the pointer from where it was; any other step follows the one before it.
            var source = row.ComesFrom is { } n ? rows.FindIndex(k => k.Steps is { } s && s.First <= n && n <= s.Last) : previous;
            if (source is { } p && p >= 0)
            {
                var from = columns.FindIndex(k => k.Key == rows[p].Column!.Key);
                Arrow(svg, x, widths, from, rowsTop + p * RowHeight + RowHeight / 2.0, c, y + RowHeight / 2.0, row.Style == RowStyle.Escape, row.ComesFrom is not null);
            }
            previous = r;
        }

        Legend(svg, legend, legendRows, legendTop);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Title(Model model, WalkResult walk, WalkOptions options) =>
        $"{model.Name} / {walk.Walker} {walk.Range}, stack {Names.Of(options.StackLayout)}, {(options.Write ? "write" : "read")}";

    private static List<(string Text, bool Red)> Summary(Model model, WalkResult walk, WalkOptions options, PictureRows reader, int elided)
    {
        var lines = new List<(string, bool)>
        {
            ($"{walk.PageCount} pages found, {walk.Loads} loads, {reader.WrongPages} wrong pages (frames the hardware does not give, checked with the {model.Name} hardware walk for a {(options.Write ? "write" : "read")})", false),
        };
        if (reader.FirstEscape is { } escape)
            lines.Add((escape, true));
        if (reader.FirstWrong is { } wrong)
            lines.Add(("wrong page " + wrong, true));
        if (walk.Fault is { } fault)
            lines.Add(($"fault: {fault}", true));
        if (elided > 0)
            lines.Add(($"a long walk: {elided} run{(elided == 1 ? "" : "s")} of rows left out, each marked \"not drawn\"; the text trace (trace without --svg) has every step", false));
        return lines;
    }

    /// <summary>The walker's stack slots by address, highest (the outermost caller) first, with the escaping increments.</summary>
    private static List<(ulong Address, string Text)> StackMap(WalkResult walk, PictureRows reader)
    {
        var slots = new SortedDictionary<ulong, string>(Comparer<ulong>.Create((a, b) => b.CompareTo(a)));
        foreach (var step in walk.Trace.Steps)
            if (step.Pointer is { } p && step.Into is { } into && PictureRows.ColumnOf(into).Key == PictureColumn.StackKey)
                slots[p.Address] = PictureRows.SlotText(into, null);
        foreach (var move in reader.StackMoves)
        {
            if (slots.ContainsKey(move.To))
                slots[move.To] += FormattableString.Invariant($"  <- {move.Number} {move.Helper} lands here");
            if (slots.ContainsKey(move.From))
                slots[move.From] += FormattableString.Invariant($"  (pointer before {move.Number})");
        }
        var map = slots.Select(s => (s.Key, $"{PictureRows.Hex(s.Key)} {s.Value}")).ToList();
        if (map.Count > 0)
            map.Insert(0, (0, "higher addresses: the callers' frames"));
        return map;
    }

    private static void DrawStackMap(StringBuilder svg, List<(ulong Address, string Text)> map, double x, double top)
    {
        var y = new Dictionary<ulong, double>();
        foreach (var (line, i) in map.Select((l, i) => (l, i)))
        {
            var baseline = top + (i + 1) * MapLine - 3;
            Text(svg, x + (i == 0 ? Pad : MapIndent), baseline, line.Text, SmallFont, i == 0 ? "fill=\"#555\" font-style=\"italic\"" : line.Text.Contains("<-", StringComparison.Ordinal) ? "fill=\"#c00\"" : "fill=\"#222\"", "stack");
            if (i > 0)
                y[line.Address] = baseline - 3.5;
        }
        // An increment's move on the stack, drawn on the map's left edge: up means to a higher address.
        foreach (var line in map.Where(l => l.Text.Contains("<-", StringComparison.Ordinal)))
        {
            var from = map.FirstOrDefault(l => l.Text.Contains("(pointer before", StringComparison.Ordinal) && l.Address != line.Address);
            if (from.Text is null || !y.TryGetValue(from.Address, out var y1) || !y.TryGetValue(line.Address, out var y2))
                continue;
            svg.Append(FormattableString.Invariant($"<path class=\"escape\" d=\"M{x + MapIndent - 4},{y1:0.#} C{x + 8},{y1:0.#} {x + 8},{y2:0.#} {x + MapIndent - 6},{y2:0.#}\" fill=\"none\" stroke=\"#c00\" stroke-width=\"1.5\" marker-end=\"url(#escape)\"/>\n"));
        }
    }

    /// <summary>The path from one row's box to the next: straight out of the source box, down the gap beside the
    /// target column (a gap a later arrow uses only below this one's end), and into the target box.</summary>
    private static void Arrow(StringBuilder svg, List<double> x, List<double> widths, int from, double y1, int to, double y2, bool escape, bool increment)
    {
        // Out of the lower half of a box, into the upper half of the next, so an arrow's way in never runs on the
        // next one's way out; an increment's long way back up keeps a lane of its own, further out.
        var (outY, inY) = (y1 + 5, y2 - 5);
        var lane = increment ? 30 : 14;
        string d;
        if (from == to || to > from)
        {
            var start = from == to ? x[from] : x[from] + widths[from];
            d = FormattableString.Invariant($"M{start:0.#},{outY:0.#} H{x[to] - lane:0.#} V{inY:0.#} H{x[to] - 1:0.#}");
        }
        else
            d = FormattableString.Invariant($"M{x[from]:0.#},{outY:0.#} H{x[to] + widths[to] + lane:0.#} V{inY:0.#} H{x[to] + widths[to] + 1:0.#}");
        var style = escape
            ? "stroke=\"#c00\" stroke-width=\"2\" stroke-dasharray=\"6,3\" marker-end=\"url(#escape)\""
            : "stroke=\"#777\" stroke-width=\"1\" marker-end=\"url(#arrow)\"";
        svg.Append(CultureInfo.InvariantCulture, $"<path class=\"{(escape ? "escape" : "path")}\" d=\"{d}\" fill=\"none\" {style}/>\n");
    }

    private static string BoxStyle(RowStyle style) => style switch
    {
        RowStyle.Table => "fill=\"#eef3fc\" stroke=\"#4a6fa5\"",
        RowStyle.StackCopy => "fill=\"#fdf1de\" stroke=\"#b7852f\"",
        RowStyle.Stray => "fill=\"#fbe0e0\" stroke=\"#b33\"",
        RowStyle.Escape => "fill=\"#fde4e4\" stroke=\"#c00\" stroke-width=\"2\" stroke-dasharray=\"6,3\"",
        RowStyle.Expected => "fill=\"#e9f7e9\" stroke=\"#2a8a2a\" stroke-width=\"1.5\" stroke-dasharray=\"4,3\"",
        RowStyle.Hardware => "fill=\"#f1ebfb\" stroke=\"#6b4fa8\" stroke-width=\"1.5\" stroke-dasharray=\"2,2\"",
        RowStyle.PageRight => "fill=\"#e3f4e3\" stroke=\"#2a8a2a\"",
        RowStyle.PageWrong => "fill=\"#fbd5d5\" stroke=\"#c00\" stroke-width=\"2\"",
        _ => "fill=\"#efefef\" stroke=\"#999\"",
    };

    private static List<(RowStyle? Style, string Text)> LegendItems() =>
    [
        (RowStyle.Table, "a page-table slot the walk reads"),
        (RowStyle.StackCopy, "the walker's own copy of an entry, on the stack"),
        (RowStyle.Stray, "other memory: red zone, padding, unmapped"),
        (null, "the walk's path, step after step"),
        (RowStyle.Escape, "p++ leaving its table or copy, or missing pXd_offset(parent, next)"),
        (RowStyle.Expected, "where pXd_offset(parent, next) points: what p++ stands for"),
        (RowStyle.Hardware, "the hardware's own walk of that address, and its answer"),
        (RowStyle.PageRight, "a page with the hardware's frame"),
        (RowStyle.PageWrong, "a wrong page (not the hardware's frame) or a fault"),
        (RowStyle.Quiet, "a hole, or gup_fast giving up"),
    ];

    private static double LegendItemWidth(string text) => 34 + Width(text, SmallFont) + 22;

    private static List<(double X, int Row)> LegendLayout(List<(RowStyle? Style, string Text)> items, double width)
    {
        var placed = new List<(double, int)>();
        double x = Margin;
        var row = 0;
        foreach (var item in items)
        {
            var w = LegendItemWidth(item.Text);
            if (x + w > width - Margin && x > Margin)
                (x, row) = (Margin, row + 1);
            placed.Add((x, row));
            x += w;
        }
        return placed;
    }

    private static void Legend(StringBuilder svg, List<(RowStyle? Style, string Text)> items, List<(double X, int Row)> placed, double top)
    {
        Text(svg, Margin, top + 12, "legend (numbers are the steps of the text trace and of --json)", SmallFont, "font-weight=\"bold\"", "legend");
        for (var i = 0; i < items.Count; i++)
        {
            var (x, row) = placed[i];
            var y = top + 24 + row * 24;
            if (items[i].Style is { } style)
                Box(svg, x, y, 28, 16, "swatch", BoxStyle(style));
            else
                svg.Append(FormattableString.Invariant($"<path class=\"path\" d=\"M{x},{y + 8} H{x + 26}\" stroke=\"#777\" marker-end=\"url(#arrow)\"/>\n"));
            Text(svg, x + 34, y + 12, items[i].Text, SmallFont, "fill=\"#222\"", "legend");
        }
    }

    /// <summary>A long walk's rows: its start and end and the rows around each wrong one, and for each run left out
    /// one row that says which steps it stands for.</summary>
    private static List<PictureRow> Shorten(IReadOnlyList<PictureRow> rows)
    {
        if (rows.Count <= MaxRows)
            return [.. rows];
        var keep = new bool[rows.Count];
        for (var i = 0; i < rows.Count; i++)
            keep[i] = i < 40 || i >= rows.Count - 12;
        // The rows around what went wrong, first things first, until the picture is full.
        var kept = keep.Count(k => k);
        for (var i = 0; i < rows.Count && kept < MaxRows; i++)
        {
            if (rows[i].Style is not (RowStyle.Escape or RowStyle.Expected or RowStyle.Hardware or RowStyle.PageWrong))
                continue;
            for (var j = Math.Max(0, i - 12); j <= Math.Min(rows.Count - 1, i + 3); j++)
            {
                kept += keep[j] ? 0 : 1;
                keep[j] = true;
            }
        }
        var shown = new List<PictureRow>();
        for (var i = 0; i < rows.Count;)
        {
            if (keep[i])
            {
                shown.Add(rows[i++]);
                continue;
            }
            var start = i;
            while (i < rows.Count && !keep[i])
                i++;
            var numbers = rows.Skip(start).Take(i - start).Select(r => r.Steps).OfType<(int First, int Last)>().ToList();
            var which = numbers.Count == 0 ? "" : FormattableString.Invariant($" (steps {numbers[0].First}-{numbers[^1].Last})");
            shown.Add(PictureRow.Elided(FormattableString.Invariant($"... {i - start} rows{which} not drawn")));
        }
        return shown;
    }

    private static string Marker(string id, string color) =>
        $"<marker id=\"{id}\" markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" markerHeight=\"8\" refX=\"8\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L9,4 L0,8 z\" fill=\"{color}\"/></marker>";

    /// <summary>The width a text takes in the picture's monospace font.</summary>
    private static double Width(string text, double fontSize) => text.Length * fontSize * Advance;

    private static void Box(StringBuilder svg, double x, double y, double width, double height, string kind, string style) =>
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{kind}\" x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{width:0.#}\" height=\"{height:0.#}\" rx=\"3\" {style}/>\n");

    private static void Text(StringBuilder svg, double x, double y, string text, double size, string attributes, string kind) =>
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"{kind}\" x=\"{x:0.#}\" y=\"{y:0.#}\" font-size=\"{size}\" {attributes}>{SecurityElement.Escape(text)}</text>\n");
}
