using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Cli.Rendering;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Properties.Cli;

/// <summary>The picture explains the walk: every drawn step carries the number of the text trace, the slot
/// <c>pXd_offset(parent, next)</c> gives and the hardware's answer are there, the stack copies show their addresses,
/// a legend names every style, and no two boxes or texts overlap, computed from the geometry the SVG itself states.</summary>
public sealed class WalkPictureTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>A walk to draw: model, walker, range, mappings (4 KiB, pfn = va >> 12) and stack layout.</summary>
    public sealed record Drawn(string Name, Model Model, string Walker, ulong Start, ulong End, ulong[] Maps, StackLayout Layout = StackLayout.CallerCopy)
    {
        public (WalkResult Walk, XDocument Svg, string Text) Render()
        {
            var mm = Model.NewAddressSpace();
            foreach (var va in Maps)
                mm.Map(new VirtualAddress(va), new Pfn(va >> 12));
            var options = WalkOptions.Default with { StackLayout = Layout };
            var walk = WalkerCatalogue.Find(Walker, Model)!.Walk(mm, WalkRange.Create(Start, End), options);
            var text = WalkPicture.Render(Model, mm, walk, options);
            return (walk, XDocument.Parse(text), text);
        }

        public override string ToString() => Name;
    }

    private static readonly Drawn Readme = new("readme", ModelCatalogue.S390ThreeLevel, "gup-fast/v5.8", 0x7fff_f000, 0x8000_1000, [0x7fff_f000, 0x0]);

    // A long walk: 512 pages pinned one by one across the 2 GiB boundary, more rows than are drawn.
    private static readonly Drawn Long = new("long", ModelCatalogue.S390ThreeLevel, "gup-fast/v5.8", 0x7ff0_0000, 0x8010_0000,
        [.. Enumerable.Range(0, 256).Select(i => 0x7ff0_0000UL + (ulong)i * 0x1000), .. Enumerable.Range(0, 256).Select(i => 0x8000_0000UL + (ulong)i * 0x1000)]);

    private static readonly Drawn[] All =
    [
        Readme,
        new Drawn("s390-4level", ModelCatalogue.Find("s390/4level")!, "gup-fast/v5.8", 0x3ff_ffff_f000, 0x400_0000_1000, [0x3ff_ffff_f000, 0x400_0000_0000, 0x0]),
        new Drawn("s390-5level-redzone", ModelCatalogue.Find("s390/5level")!, "gup-fast/v5.8", 0x1f_ffff_ffff_f000, 0x20_0000_0000_1000, [0x1f_ffff_ffff_f000, 0x20_0000_0000_0000], StackLayout.RedZone),
        new Drawn("s390-pagewalk", ModelCatalogue.S390ThreeLevel, "pagewalk", 0x7fff_e000, 0x8000_2000, [0x7fff_f000, 0x8000_0000]),
        new Drawn("s390-hardware", ModelCatalogue.S390ThreeLevel, "hardware", 0x7fff_e000, 0x8000_2000, [0x7fff_f000, 0x8000_0000]),
        new Drawn("x86-5level-gup-slow", ModelCatalogue.Find("x86-64/5level")!, "gup-slow", 0x7fff_ffff_f000, 0x8000_0000_1000, [0x7fff_ffff_f000, 0x8000_0000_0000]),
        new Drawn("x86-4level-gup-fast", ModelCatalogue.Find("x86-64/4level")!, "gup-fast/v5.8", 0x3fff_f000, 0x4000_1000, [0x3fff_f000, 0x4000_0000]),
        new Drawn("i386-2level", ModelCatalogue.Find("i386/2level")!, "gup-fast/v5.8", 0x3f_f000, 0x40_1000, [0x3f_f000, 0x40_0000]),
        Long,
        // 256 pages pinned with the frames 2 GiB below: more wrong rows than the picture draws.
        new Drawn("many-wrong", ModelCatalogue.S390ThreeLevel, "gup-fast/v5.8", 0x7ff0_0000, 0x8010_0000,
            [.. Enumerable.Range(0, 256).Select(i => 0x7ff0_0000UL + (ulong)i * 0x1000), .. Enumerable.Range(0, 256).Select(i => (ulong)i * 0x1000)]),
    ];

    public static TheoryData<string> Walks() => [.. All.Select(d => d.Name)];

    private static Drawn Named(string name) => All.Single(d => d.Name == name);

    [Theory]
    [MemberData(nameof(Walks))]
    public void No_two_boxes_and_no_two_texts_overlap_and_a_text_is_inside_a_box_or_clear_of_all(string walk)
    {
        var svg = Named(walk).Render().Svg;
        var boxes = Boxes(svg);
        var texts = Texts(svg);
        Assert.NotEmpty(boxes);
        Assert.All(Pairs(boxes), p => Assert.False(p.A.Overlaps(p.B), $"boxes overlap: {p.A} and {p.B}"));
        Assert.All(Pairs(texts), p => Assert.False(p.A.Overlaps(p.B), $"texts overlap: {p.A} and {p.B}"));
        Assert.All(texts, t => Assert.True(boxes.Any(b => b.Contains(t)) || !boxes.Any(b => b.Overlaps(t)), $"text {t} is cut by a box"));
        var width = double.Parse(svg.Root!.Attribute("width")!.Value, CultureInfo.InvariantCulture);
        Assert.All(boxes.Concat(texts), b => Assert.True(b.Right <= width, $"{b} beyond the picture's width {width}"));
    }

    [Theory]
    [MemberData(nameof(Walks))]
    public void Every_drawn_step_is_labelled_with_its_number_and_helper_from_the_text_trace(string name)
    {
        var (walk, svg, _) = Named(name).Render();
        var lines = walk.Trace.Render().Split('\n');
        var labels = svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "step").Select(t => t.Value).ToList();
        Assert.NotEmpty(labels);
        var covered = new HashSet<int>();
        foreach (var label in labels)
        {
            var (first, last, helper) = ParseLabel(label);
            Assert.True(first <= last, label);
            // The helper a label names is on one of its lines of the text trace, and those lines carry its numbers.
            Assert.Contains(Enumerable.Range(first, last - first + 1), n =>
                lines[n - 1].TrimStart().StartsWith(n.ToString(CultureInfo.InvariantCulture) + " ", StringComparison.Ordinal)
                && lines[n - 1].Contains(helper, StringComparison.Ordinal));
            covered.UnionWith(Enumerable.Range(first, last - first + 1));
        }
        var elided = svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "elided").ToList();
        // Every page found and every increment the loop goes on with is drawn, unless a marked run left it out.
        var expected = walk.Trace.Steps.Where(s => s.Pfn is not null || s.OffsetOfNext is not null).Select(s => s.Number).ToList();
        var missing = expected.Where(n => !covered.Contains(n)).ToList();
        if (elided.Count == 0)
            Assert.Empty(missing);
        else
            Assert.All(missing, n => Assert.Contains(elided, e => InElidedRange(e.Value, n)));
    }

    [Fact]
    public void The_readme_walk_shows_the_offset_of_next_the_hardware_slot_and_answer_the_stack_addresses_and_a_legend()
    {
        var (walk, svg, _) = Readme.Render();
        var texts = svg.Descendants(Svg + "text").Select(t => ((string?)t.Attribute("class"), t.Value)).ToList();
        var escape = walk.Trace.Steps.Single(s => s.Helper == "pudp++" && s.OffsetOfNext is not null);
        // Step 37 is the same step in the text trace, the JSON and the picture.
        Assert.Contains(("step", $"{escape.Number}-{escape.Number + 1} pudp++"), texts);
        Assert.Contains(texts, t => t.Item1 == "summary" && t.Value.StartsWith($"step {escape.Number}: pudp++ in gup_pud_range leaves its stack copy", StringComparison.Ordinal));
        // pud_offset(p4dp, next) is the slot the increment stands for; the hardware reads region-3 table [1] and raises PGM 0x3b.
        Assert.Contains(("note", "pud_offset(p4dp, 0x80000000)"), texts);
        Assert.Contains(("slot", PictureRows.Hex(escape.OffsetOfNext!.Value.Address)), texts);
        Assert.Contains(("note", "hardware for 0x80000000"), texts);
        Assert.Contains(("slot", "[1] pud 0x24"), texts);
        Assert.Contains(("slot", "gives PGM (0x3b)"), texts);
        Assert.Contains(("slot", "WRONG: hardware PGM (0x3b)"), texts);
        Assert.DoesNotContain(texts, t => t.Value.Contains("(-)", StringComparison.Ordinal));
        Assert.Single(svg.Descendants(Svg + "rect"), r => (string?)r.Attribute("class") == "slot expected");
        // The stack map lists the copies by address, highest first, and says where the increment came from and went.
        var stack = texts.Where(t => t.Item1 == "stack").Select(t => t.Value).ToList();
        Assert.Equal("higher addresses: the callers' frames", stack[0]);
        Assert.Equal(
        [
            "000ffffffffffff8 pgd copy in gup_pgd_range",
            $"000ffffffffffff0 pgd copy in gup_p4d_range  <- {escape.Number} pudp++ lands here",
            $"000fffffffffffe8 p4d copy in gup_pud_range  (pointer before {escape.Number})",
            "000fffffffffffe0 pud copy in gup_pmd_range",
            "000fffffffffffd8 pmd copy in gup_pte_range",
        ], stack.Skip(1));
        Assert.Contains(("slot", "000ffffffffffff0 = 000fffffffffffe8 + 8  pud 0xff00000004007"), texts);
        // The legend names each style drawn.
        var legend = texts.Where(t => t.Item1 == "legend").Select(t => t.Value).ToList();
        foreach (var words in new[] { "page-table slot", "stack", "p++ leaving", "pXd_offset(parent, next) points", "hardware's own walk", "wrong page", "hole" })
            Assert.Contains(legend, l => l.Contains(words, StringComparison.Ordinal));
    }

    [Fact]
    public void Arrowheads_are_small_and_do_not_grow_with_the_stroke()
    {
        var svg = Readme.Render().Svg;
        var markers = svg.Descendants(Svg + "marker").ToList();
        Assert.NotEmpty(markers);
        Assert.All(markers, m =>
        {
            Assert.Equal("userSpaceOnUse", (string?)m.Attribute("markerUnits"));
            Assert.True(double.Parse(m.Attribute("markerWidth")!.Value, CultureInfo.InvariantCulture) <= 10);
        });
    }

    [Fact]
    public void The_columns_fill_the_width_the_picture_takes()
    {
        var svg = Readme.Render().Svg;
        var width = double.Parse(svg.Root!.Attribute("width")!.Value, CultureInfo.InvariantCulture);
        var slots = Boxes(svg).Where(b => b.Kind.StartsWith("slot", StringComparison.Ordinal) || b.Kind == "header").ToList();
        Assert.True(slots.Max(b => b.Right) >= width - 40, $"the boxes end at {slots.Max(b => b.Right)} of {width}");
    }

    [Theory]
    [InlineData("long")]
    [InlineData("many-wrong")]
    public void A_long_walk_says_which_steps_it_leaves_out(string name)
    {
        var (walk, svg, _) = Named(name).Render();
        var elided = svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "elided").Select(t => t.Value).ToList();
        Assert.NotEmpty(elided);
        Assert.All(elided, e => Assert.Matches(@"^\.\.\. \d+ rows \(steps \d+-\d+\) not drawn$", e));
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value.Contains("the text trace (trace without --svg) has every step", StringComparison.Ordinal));
        Assert.True(svg.Descendants(Svg + "rect").Count(r => ((string?)r.Attribute("class"))?.StartsWith("slot", StringComparison.Ordinal) == true) <= WalkPicture.MaxRows * 2);
        // The escape and the wrong rows after it are kept.
        var escape = walk.Trace.Steps.First(s => s.Helper == "pudp++" && s.OffsetOfNext is not null);
        Assert.Contains(svg.Descendants(Svg + "text"), t => (string?)t.Attribute("class") == "step" && t.Value.StartsWith($"{escape.Number}-", StringComparison.Ordinal));
    }

    [Fact]
    public void Rendered_by_rsvg_convert_the_picture_is_a_non_empty_png()
    {
        var rsvg = new[] { "/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert" }.FirstOrDefault(File.Exists);
        Assert.SkipWhen(rsvg is null, "rsvg-convert is not installed (Debian: librsvg2-bin)");
        var dir = Directory.CreateTempSubdirectory("walk-picture-");
        try
        {
            var svgFile = Path.Combine(dir.FullName, "walk.svg");
            var pngFile = Path.Combine(dir.FullName, "walk.png");
            File.WriteAllText(svgFile, Readme.Render().Text);
            using var process = Process.Start(new ProcessStartInfo(rsvg!, ["-o", pngFile, svgFile]) { RedirectStandardError = true })!;
            var error = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(60_000), "rsvg-convert did not finish");
            Assert.True(process.ExitCode == 0, error);
            var png = File.ReadAllBytes(pngFile);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            // IHDR: width and height as the SVG states them.
            var width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
            Assert.True(width > 1000 && png.Length > 20_000, $"{width} px wide, {png.Length} bytes");
        }
        finally
        {
            dir.Delete(true);
        }
    }

    /// <summary>A rectangle the picture states: a box's own, or a text's from its font size and character count.</summary>
    private sealed record Area(string Kind, string What, double Left, double Top, double Right, double Bottom)
    {
        private const double Slack = 0.5;

        public bool Overlaps(Area o) => Left < o.Right - Slack && o.Left < Right - Slack && Top < o.Bottom - Slack && o.Top < Bottom - Slack;

        public bool Contains(Area o) => o.Left >= Left - Slack && o.Right <= Right + Slack && o.Top >= Top - Slack && o.Bottom <= Bottom + Slack;

        public override string ToString() => FormattableString.Invariant($"{Kind} '{What}' [{Left:0.#}, {Right:0.#}] x [{Top:0.#}, {Bottom:0.#}]");
    }

    /// <summary>The boxes: slots, column headers and legend swatches (row stripes and the background are not boxes).</summary>
    private static List<Area> Boxes(XDocument svg) =>
    [
        .. svg.Descendants(Svg + "rect")
            .Where(r => (string?)r.Attribute("class") is { } c && (c.StartsWith("slot", StringComparison.Ordinal) || c is "header" or "swatch"))
            .Select(r =>
            {
                var x = Number(r, "x");
                var y = Number(r, "y");
                return new Area((string)r.Attribute("class")!, "", x, y, x + Number(r, "width"), y + Number(r, "height"));
            }),
    ];

    /// <summary>Texts as a monospace font draws them: 0.6 em a character (DejaVu Sans Mono: 0.602), from 0.8 em above
    /// the baseline to 0.2 em below.</summary>
    private static List<Area> Texts(XDocument svg) =>
    [
        .. svg.Descendants(Svg + "text").Where(t => t.Value.Length > 0).Select(t =>
        {
            var x = Number(t, "x");
            var y = Number(t, "y");
            var size = Number(t, "font-size");
            return new Area("text " + (string?)t.Attribute("class"), t.Value, x, y - 0.8 * size, x + t.Value.Length * size * 0.6, y + 0.2 * size);
        }),
    ];

    private static double Number(XElement e, string attribute) => double.Parse(e.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);

    private static IEnumerable<(Area A, Area B)> Pairs(List<Area> areas)
    {
        for (var i = 0; i < areas.Count; i++)
            for (var j = i + 1; j < areas.Count; j++)
                yield return (areas[i], areas[j]);
    }

    /// <summary>"37-38 pudp++" or "34 pages[(*nr)++]": first and last step numbers and the helper.</summary>
    private static (int First, int Last, string Helper) ParseLabel(string label)
    {
        var space = label.IndexOf(' ', StringComparison.Ordinal);
        var numbers = label[..space].Split('-');
        var helper = label[(space + 1)..];
        if (helper.StartsWith("spill ", StringComparison.Ordinal))
            helper = helper["spill ".Length..];
        return (int.Parse(numbers[0], CultureInfo.InvariantCulture), int.Parse(numbers[^1], CultureInfo.InvariantCulture), helper);
    }

    private static bool InElidedRange(string text, int number)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, @"steps (\d+)-(\d+)");
        return match.Success && int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) <= number && number <= int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
    }
}
