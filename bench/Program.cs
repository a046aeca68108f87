using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using PgtableInvariants.Bench.Finding;
using PgtableInvariants.Bench.Growth;
using PgtableInvariants.Bench.Throughput;

// dotnet run -c Release --project bench -- finding [seeds]   cases and time to the s390 bugs, project vs baseline
// dotnet run -c Release --project bench -- growth            pagewalk cost as the range grows (writes bench/growth.svg)
// dotnet run -c Release --project bench -- throughput [BenchmarkDotNet options, e.g. --job short]
switch (args.FirstOrDefault())
{
    case "finding":
        BugFindingExperiment.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20, Console.Out);
        return 0;
    case "growth":
        CostGrowthExperiment.Run(Console.Out, Path.Combine(args.Length > 1 ? args[1] : ".", "growth.svg"));
        return 0;
    case "throughput":
        var summary = BenchmarkSwitcher.FromTypes([typeof(WalkThroughputBenchmarks)]).Run(args[1..], DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator));
        ThroughputTable.Print(summary, Console.Out);
        return 0;
    default:
        Console.Error.WriteLine("usage: bench finding [seeds] | growth [dir] | throughput [BenchmarkDotNet options]");
        return 2;
}
