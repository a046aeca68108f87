using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using PgtableInvariants.KernelOracle.Trees;

namespace PgtableInvariants.Bench.Oracle;

/// <summary>Queries per second of the kernel oracle, per tree, architecture and query, from BenchmarkDotNet's mean
/// time per query.</summary>
public static class OracleThroughputTable
{
    public static void Measure(string[] arguments, TextWriter output)
    {
        if (PreparedTrees.Find().Count == 0)
        {
            output.WriteLine("no kernel trees are prepared: run sudo bash oracle/prepare.sh, or set PGTABLE_KERNEL_TREES");
            return;
        }
        var summaries = BenchmarkSwitcher.FromTypes([typeof(OracleThroughputBenchmarks)])
            .Run(arguments, DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator));
        output.WriteLine($"| tree | arch | query | queries/s (batches of {OracleThroughputBenchmarks.Batch}) |");
        output.WriteLine("|---|---|---|---|");
        foreach (var report in summaries.SelectMany(s => s.Reports).Where(r => r.ResultStatistics is not null))
        {
            var p = report.BenchmarkCase.Parameters;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Path.GetFileName((string)p["Tree"])} | {p["Arch"]} | {p["Query"]} | {1e9 / report.ResultStatistics!.Mean:0} |"));
        }
    }
}
