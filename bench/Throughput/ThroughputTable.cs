using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Bench.Throughput;

/// <summary>Joins BenchmarkDotNet's summary with the loads each walk makes: loads per second, bytes per walk and per
/// load, and the cost of tracing.</summary>
public static class ThroughputTable
{
    /// <summary>Runs <see cref="WalkThroughputBenchmarks"/> with BenchmarkDotNet's <paramref name="arguments"/> and prints the table.</summary>
    public static void Measure(string[] arguments, TextWriter output) =>
        Print(BenchmarkSwitcher.FromTypes([typeof(WalkThroughputBenchmarks)]).Run(arguments, DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator)), output);

    private static void Print(IEnumerable<Summary> summaries, TextWriter output)
    {
        var rows = new List<(string Model, int Pages, string Walker, bool Trace, double Ns, long Loads, double Bytes)>();
        foreach (var report in summaries.SelectMany(s => s.Reports).Where(r => r.ResultStatistics is not null))
        {
            var p = report.BenchmarkCase.Parameters;
            var model = (string)p["Model"];
            var pages = (int)p["Pages"];
            var walker = (string)p["Walker"];
            var trace = (bool)p["Trace"];
            rows.Add((model, pages, walker, trace, report.ResultStatistics!.Mean, LoadsPerWalk(model, pages, walker), report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0));
        }
        output.WriteLine("| model | pages | walker | loads/walk | tracing off: M loads/s | off: B/walk (B/load) | tracing on: M loads/s | on: B/walk (B/load) | on/off time |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var g in rows.GroupBy(r => (r.Model, r.Pages, r.Walker)))
        {
            var off = g.FirstOrDefault(r => !r.Trace);
            var on = g.FirstOrDefault(r => r.Trace);
            string Rate(double ns, long loads) => ns == 0 ? "-" : (loads / ns * 1000).ToString("0.0", CultureInfo.InvariantCulture);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {g.Key.Model} | {g.Key.Pages} | {g.Key.Walker} | {off.Loads} | {Rate(off.Ns, off.Loads)} | {off.Bytes:0} ({off.Bytes / Math.Max(1, off.Loads):0.0}) | {Rate(on.Ns, on.Loads)} | {on.Bytes:0} ({on.Bytes / Math.Max(1, on.Loads):0.0}) | {(off.Ns == 0 ? "-" : (on.Ns / off.Ns).ToString("0.0", CultureInfo.InvariantCulture))}x |"));
        }
    }

    private static long LoadsPerWalk(string modelName, int pages, string walkerName)
    {
        var model = ModelCatalogue.Find(modelName)!;
        var mm = model.NewAddressSpace();
        const ulong start = 0x1_0000_0000;
        for (var i = 0UL; i < (ulong)pages; i++)
            mm.Map(new VirtualAddress(start + (i << 12)), new Pfn(0x100000 + i));
        return WalkerCatalogue.Find(walkerName, model)!.Walk(mm, WalkRange.Create(start, start + ((ulong)pages << 12)), new WalkOptions(Trace: false, StepBudget: int.MaxValue)).Loads;
    }
}
