using System.Globalization;
using System.Runtime.InteropServices;
using PgtableInvariants.Bench.Finding;
using PgtableInvariants.Bench.Growth;
using PgtableInvariants.Bench.Suite;
using PgtableInvariants.Bench.Throughput;

namespace PgtableInvariants.Bench.Report;

/// <summary>The four measurements in one run, one build, one machine, written to <c>bench/results.md</c> (and
/// <c>bench/growth.svg</c>), so that the figures the README quotes hold together.</summary>
public static class BenchmarkRun
{
    public static void Run(string[] throughputArguments, TextWriter console)
    {
        var bench = Path.Combine(SuiteTiming.RepositoryRoot(), "bench");
        var report = new StringWriter(CultureInfo.InvariantCulture);
        report.WriteLine("# Benchmark results");
        report.WriteLine();
        report.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Written by `dotnet run -c Release --project bench -- all {string.Join(' ', throughputArguments)}` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: "
            + $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes >> 30} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}."));
        Section(report, console, "1. Bug-finding efficiency (20 seeds, at most 10,000 cases each)", w => BugFindingExperiment.Run(20, w));
        Section(report, console, "1b. Race-finding efficiency (20 seeds, at most 10,000 cases each)", w => RaceFindingExperiment.Run(20, w));
        Section(report, console, "2. Walk throughput (BenchmarkDotNet, one walk over a fully mapped range)", w => ThroughputTable.Measure(throughputArguments, w));
        Section(report, console, "3. Cost growth (pagewalk over 64 sparse pages, range from 1 MiB to the whole reach)",
            w => CostGrowthExperiment.Run(w, Path.Combine(bench, "growth.svg")));
        Section(report, console, "4. The suite itself (warm build)", SuiteTiming.Run);
        File.WriteAllText(Path.Combine(bench, "results.md"), report.ToString());
        console.WriteLine($"wrote {Path.Combine(bench, "results.md")}");
    }

    private static void Section(StringWriter report, TextWriter console, string title, Action<TextWriter> measure)
    {
        var table = new StringWriter(CultureInfo.InvariantCulture);
        measure(table);
        report.WriteLine();
        report.WriteLine("## " + title);
        report.WriteLine();
        report.Write(table);
        console.WriteLine("## " + title);
        console.Write(table);
    }
}
