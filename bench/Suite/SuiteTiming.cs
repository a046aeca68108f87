using System.Diagnostics;
using System.Globalization;

namespace PgtableInvariants.Bench.Suite;

/// <summary>Wall time of the README's two commands from a warm build: <c>dotnet test</c> and the default
/// <c>check</c>. Each runs once untimed (so both are built), then twice timed.</summary>
public static class SuiteTiming
{
    private static readonly (string Command, string Arguments, string What)[] Commands =
    [
        ("dotnet test", "test", "every test project: catalogue cells × 200 cases, known-bug shrinks, mutants, approved snapshots, CLI"),
        ("dotnet run --project src/Cli -- check", "run --project src/Cli -- check", "225 cells × 200 cases, matrix and counterexample reports"),
    ];

    public static void Run(TextWriter output)
    {
        var root = RepositoryRoot();
        output.WriteLine("| command | wall time (two runs) | exit | what it runs |");
        output.WriteLine("|---|---|---|---|");
        foreach (var (command, arguments, what) in Commands)
        {
            Time(root, arguments);
            var first = Time(root, arguments);
            var second = Time(root, arguments);
            var tests = System.Text.RegularExpressions.Regex.Match(second.Output, @"total: (\d+)");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| `{command}` | {first.Seconds:0.0} s, {second.Seconds:0.0} s | {first.Exit}, {second.Exit} | {(tests.Success ? tests.Groups[1].Value + " tests: " : "")}{what} |"));
        }
    }

    private static (double Seconds, int Exit, string Output) Time(string root, string arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (clock.Elapsed.TotalSeconds, process.ExitCode, output.Result);
    }

    /// <summary>The directory holding the solution, looked for upward from the current one.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PgtableInvariants.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("run from inside the repository: PgtableInvariants.sln not found above " + Directory.GetCurrentDirectory());
    }
}
