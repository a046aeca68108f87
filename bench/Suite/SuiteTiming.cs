using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using PgtableInvariants.KernelOracle.Trees;

namespace PgtableInvariants.Bench.Suite;

/// <summary>Wall time of the README's two commands exactly as written, from a warm build: <c>dotnet test</c>
/// (without prepared kernel trees, and with them when <c>oracle/prepare.sh</c> has run) and the default
/// <c>check</c>. Each runs once untimed (so it is built), then twice timed; what it ran is read from its own
/// output, not written here.</summary>
public static partial class SuiteTiming
{
    public static void Run(TextWriter output)
    {
        var root = RepositoryRoot();
        var noTrees = Directory.CreateTempSubdirectory("pgtable-no-trees").FullName;
        var rows = new List<(string Command, string Arguments, string? Cache, string Condition)>
        {
            ("dotnet test", "test", noTrees, "no prepared kernel trees"),
        };
        if (PreparedTrees.Find().Count > 0)
            rows.Add(("dotnet test", "test", null, $"with the prepared trees ({PreparedTrees.Find().Count})"));
        rows.Add(("dotnet run --project src/Cli -- check", "run --project src/Cli -- check", null, "the default run"));

        output.WriteLine("| command | condition | wall time (two runs) | exit | what it ran |");
        output.WriteLine("|---|---|---|---|---|");
        foreach (var (command, arguments, cache, condition) in rows)
        {
            Time(root, arguments, cache);
            var first = Time(root, arguments, cache);
            var second = Time(root, arguments, cache);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| `{command}` | {condition} | {first.Seconds:0.0} s, {second.Seconds:0.0} s | {first.Exit}, {second.Exit} | {What(second.Output)} |"));
        }
        Directory.Delete(noTrees, recursive: true);
    }

    /// <summary>The test platform's counts, or the last line <c>check</c> printed (its summary).</summary>
    private static string What(string output)
    {
        var total = TotalTests().Match(output);
        if (total.Success)
            return $"{total.Groups[1].Value} tests, {SkippedTests().Match(output).Groups[1].Value} skipped";
        return output.TrimEnd().Split('\n')[^1].Trim();
    }

    private static (double Seconds, int Exit, string Output) Time(string root, string arguments, string? cache)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // An empty cache directory hides the trees oracle/prepare.sh unpacked: the run a newcomer gets.
        if (cache is not null)
            start.Environment["XDG_CACHE_HOME"] = cache;
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

    [GeneratedRegex(@"total: (\d+)")]
    private static partial Regex TotalTests();

    [GeneratedRegex(@"skipped: (\d+)")]
    private static partial Regex SkippedTests();
}
