using System.Globalization;
using PgtableInvariants.Bench.Finding;
using PgtableInvariants.Bench.Growth;
using PgtableInvariants.Bench.Oracle;
using PgtableInvariants.Bench.Report;
using PgtableInvariants.Bench.Suite;
using PgtableInvariants.Bench.Throughput;

// dotnet run -c Release --project bench -- all [BenchmarkDotNet options]   the four below in one run: bench/results.md
// dotnet run -c Release --project bench -- finding [seeds]   cases and time to the s390 bugs, project vs baseline
// dotnet run -c Release --project bench -- races [seeds]     cases and time to the races, project vs uniform and PCT schedules
// dotnet run -c Release --project bench -- throughput [BenchmarkDotNet options, e.g. --job short]
// dotnet run -c Release --project bench -- growth [dir]      pagewalk cost as the range grows (writes dir/growth.svg)
// dotnet run -c Release --project bench -- suite             wall time of dotnet test and check, warm
// dotnet run -c Release --project bench -- oracle [BenchmarkDotNet options]   kernel oracle queries per second
switch (args.FirstOrDefault())
{
    case "all":
        BenchmarkRun.Run(args[1..], Console.Out);
        return 0;
    case "finding":
        BugFindingExperiment.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20, Console.Out);
        return 0;
    case "races":
        RaceFindingExperiment.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20, Console.Out);
        return 0;
    case "throughput":
        ThroughputTable.Measure(args[1..], Console.Out);
        return 0;
    case "growth":
        CostGrowthExperiment.Run(Console.Out, Path.Combine(args.Length > 1 ? args[1] : ".", "growth.svg"));
        return 0;
    case "suite":
        SuiteTiming.Run(Console.Out);
        return 0;
    case "oracle":
        OracleThroughputTable.Measure(args[1..], Console.Out);
        return 0;
    default:
        Console.Error.WriteLine("usage: bench all [BenchmarkDotNet options] | finding [seeds] | races [seeds] | throughput [BenchmarkDotNet options] | growth [dir] | suite | oracle [BenchmarkDotNet options]");
        return 2;
}
