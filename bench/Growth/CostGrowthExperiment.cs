using System.Diagnostics;
using System.Globalization;
using System.Text;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Bench.Growth;

/// <summary>Pagewalk over a fixed sparse set of mappings while the range grows from 1 MiB to the whole reach: the cost
/// should follow the populated tables the range meets, not its length.</summary>
public static class CostGrowthExperiment
{
    private static readonly (string Model, ulong Top)[] Models = [("s390/5level", 0), ("x86-64/5level", 1UL << 56)];

    public static void Run(TextWriter output, string plotPath)
    {
        // A first, unreported sweep lets the JIT reach its optimised code before anything is timed.
        Sweep(TextWriter.Null);
        var series = Sweep(output);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(plotPath))!);
        File.WriteAllText(plotPath, Plot(series));
    }

    private static List<(string Name, List<(int Log2, double Micros)> Points)> Sweep(TextWriter output)
    {
        var series = new List<(string Name, List<(int Log2, double Micros)> Points)>();
        output.WriteLine("| model | range | pages in range | populated tables the range meets | loads | time per walk |");
        output.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, top) in Models)
        {
            var model = ModelCatalogue.Find(name)!;
            var mm = model.NewAddressSpace();
            // 64 pages spread over the space: one every 2^(bits-6) bytes, each in its own tables.
            var bits = top == 0 ? 64 : 56;
            for (var i = 0UL; i < 64; i++)
                mm.Map(new VirtualAddress((i << (bits - 6)) + 0x1000), new Pfn(0x100000 + i));
            var walker = WalkerCatalogue.Find(WalkerCatalogue.PageWalk, model)!;
            var points = new List<(int, double)>();
            for (var log2 = 20; log2 <= bits; log2 += 4)
            {
                var end = log2 == 64 ? 0UL : 1UL << log2;
                if (end == 0 && top != 0)
                    break;
                // The whole reach ends at TASK_SIZE_MAX, the last user page below the top: a pagewalk refuses end == 0
                // (start >= end, -EINVAL) in every era.
                var range = WalkRange.Create(0, Math.Min(end == 0 ? model.Arch.TaskSizeMax : end, top == 0 ? model.Arch.TaskSizeMax : top) & ~0xfffUL);
                var options = new WalkOptions(Trace: false, StepBudget: int.MaxValue);
                var result = walker.Walk(mm, range, options);
                var clock = Stopwatch.StartNew();
                var repeats = 0;
                do
                {
                    walker.Walk(mm, range, options);
                    repeats++;
                }
                while (clock.ElapsedMilliseconds < 200);
                var micros = clock.Elapsed.TotalMicroseconds / repeats;
                var inRange = mm.Mappings.Where(m => range.Contains(m.Va)).ToList();
                var tables = inRange.SelectMany(m => TablesOnPath(mm, m.Va)).Distinct().Count();
                points.Add((log2, micros));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | 2^{log2}{(log2 == 64 ? " (to TASK_SIZE_MAX, one page below the top)" : "")} | {range.Pages.ToString(CultureInfo.InvariantCulture)} | {tables} ({inRange.Count} mapped pages) | {result.Loads} | {micros:0.0} µs |"));
            }
            series.Add((name, points));
        }
        return series;
    }

    /// <summary>The tables the kernel's helpers pass through to reach <paramref name="va"/>, top table included.</summary>
    private static IEnumerable<int> TablesOnPath(AddressSpace mm, VirtualAddress va)
    {
        var cpu = new Cpu(mm.Memory);
        var p = mm.Arch.PgdOffset(cpu, mm, va);
        for (var level = Level.P4d; ; level++)
        {
            if (mm.Memory.TableAt(p.Address) is { } table)
                yield return table.Id;
            if (level > Level.Pte)
                yield break;
            p = mm.Arch.Offset(cpu, p, va);
        }
    }

    /// <summary>A log-x line chart of time per walk against range size.</summary>
    private static string Plot(List<(string Name, List<(int Log2, double Micros)> Points)> series)
    {
        const int width = 720, height = 420, left = 70, right = 20, top = 40, bottom = 60;
        var maxY = series.SelectMany(s => s.Points).Max(p => p.Micros) * 1.15;
        double X(int log2) => left + (log2 - 20) * (width - left - right) / 44.0;
        double Y(double micros) => height - bottom - micros / maxY * (height - top - bottom);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"24\" font-size=\"15\" font-weight=\"bold\">pagewalk time per walk vs range length (64 sparse pages)</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - right}\" y2=\"{height - bottom}\" stroke=\"#333\"/><line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{height - bottom}\" stroke=\"#333\"/>\n");
        for (var log2 = 20; log2 <= 64; log2 += 4)
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(log2) - 12:0}\" y=\"{height - bottom + 18}\">2^{log2}</text>\n");
        for (var i = 0; i <= 4; i++)
        {
            var v = maxY * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"8\" y=\"{Y(v) + 4:0}\">{v:0} µs</text><line x1=\"{left}\" y1=\"{Y(v):0}\" x2=\"{width - right}\" y2=\"{Y(v):0}\" stroke=\"#ddd\"/>\n");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2 - 60}\" y=\"{height - 20}\">range length (bytes)</text>\n");
        string[] colours = ["#1f77b4", "#d62728"];
        foreach (var ((name, points), i) in series.Select((s, i) => (s, i)))
        {
            var d = string.Join(" ", points.Select((p, j) => string.Create(CultureInfo.InvariantCulture, $"{(j == 0 ? "M" : "L")}{X(p.Log2):0.#},{Y(p.Micros):0.#}")));
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{d}\" fill=\"none\" stroke=\"{colours[i]}\" stroke-width=\"2\"/>\n");
            foreach (var p in points)
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(p.Log2):0.#}\" cy=\"{Y(p.Micros):0.#}\" r=\"3\" fill=\"{colours[i]}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + 20}\" y=\"{top + 20 + i * 18}\" fill=\"{colours[i]}\">{name}</text>\n");
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }
}
