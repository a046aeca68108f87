using System.Diagnostics;

namespace PgtableInvariants.Properties.Cli;

/// <summary>The built tool run as a process, as a user runs it.</summary>
public sealed class ProcessTests
{
    private static Process Start(params string[] args)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "pgtable-invariants.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(tool);
        foreach (var a in args)
            start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "the tool did not finish");
        return (process.ExitCode, output.Result, error.Result);
    }

    [Fact]
    public void Tool_traces_the_s390_failure_and_exits_0()
    {
        var (code, output, error) = Run("trace", "--model", "s390/3level", "--walker", "gup-fast/v5.8", "--start", "0x7ffff000", "--end", "0x80001000", "--map", "0x7ffff000", "--map", "0x0");
        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("wrong page", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Tool_rejects_an_unknown_model_with_one_line_and_exit_2()
    {
        var (code, output, error) = Run("check", "--model", "sparc/3level");
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Equal("error: unknown model 'sparc/3level'", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Split(" (one of")[0]);
    }

    [Fact] // `check | head -1`: .NET ignores SIGPIPE, so without a look at the pipe the run went on to its end.
    public async Task Check_stops_quietly_with_141_soon_after_the_reader_of_its_stdout_goes_away()
    {
        // 5000 cases a cell: the whole run would take many minutes; a report is out within seconds (geometry, cell 7).
        using var process = Start("check", "--max-tests", "5000");
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var first = process.StandardOutput.ReadLine();
        Assert.StartsWith("invariant       geometry", first, StringComparison.Ordinal);
        var closed = Stopwatch.StartNew();
        process.StandardOutput.Close();
        var ended = process.WaitForExit(30_000);
        if (!ended)
            process.Kill();
        Assert.True(ended, "still computing 30 s after its reader went away");
        Assert.Equal(141, process.ExitCode);
        Assert.True(closed.Elapsed < TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("error", await error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_as_a_process_writes_progress_lines_to_stderr_and_ends_stdout_with_the_summary()
    {
        var (code, output, error) = Run("check", "--invariant", "geometry", "--model", "generic/2level");
        Assert.Equal(0, code);
        Assert.Equal("[1/1] geometry generic/2level -: holds", error.TrimEnd('\n'));
        Assert.EndsWith("\n1 cells, every verdict as expected: 1 hold, 0 falsified, 0 not applicable, 0 errors; 200 tests, 0 shrinks\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", output + error, StringComparison.Ordinal);
    }

    [Fact] // 2>&-: progress goes to stderr now, and a closed stderr must not cost the results.
    public void Check_with_stderr_closed_still_prints_its_results_and_exits_0()
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "pgtable-invariants.dll");
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec dotnet \"{tool}\" check --invariant geometry --model generic/2level 2>&-");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "the tool did not finish");
        Assert.Equal(0, process.ExitCode);
        Assert.EndsWith("every verdict as expected: 1 hold, 0 falsified, 0 not applicable, 0 errors; 200 tests, 0 shrinks\n", output, StringComparison.Ordinal);
    }
}
