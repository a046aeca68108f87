using System.Diagnostics;
using System.Globalization;

namespace PgtableInvariants.Properties.Cli;

/// <summary>The built tool run as a process, as a user runs it.</summary>
public sealed class ProcessTests
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "pgtable-invariants.dll");

    private static ProcessStartInfo StartInfo(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Tool);
        foreach (var a in args)
            start.ArgumentList.Add(a);
        return start;
    }

    private static Process Start(params string[] args) => Process.Start(StartInfo(args))!;

    private static (int Code, string Output, string Error) Run(params string[] args) => Finish(StartInfo(args));

    /// <summary>Runs <paramref name="script"/> under /bin/sh with <c>$TOOL</c> the built tool, for what only a shell
    /// sets up: closed and full descriptors.</summary>
    private static (int Code, string Output, string Error) Shell(string script)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["TOOL"] = Tool;
        return Finish(start);
    }

    private static (int Code, string Output, string Error) Finish(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "the tool did not finish");
        return (process.ExitCode, output.Result, error.Result);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Tool_traces_the_s390_failure_and_exits_1_because_the_walk_disagrees_with_the_hardware()
    {
        var (code, output, error) = Run("trace", "--model", "s390/3level", "--walker", "gup-fast/v5.8", "--start", "0x7ffff000", "--end", "0x80001000", "--map", "0x7ffff000", "--map", "0x0");
        Assert.Equal(1, code);
        Assert.Empty(error);
        Assert.Contains("wrong page", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
    }

    [Fact] // With a launch profile, `dotnet run` printed "Using launch settings from …" on stdout: `check --json` did not parse.
    public void Dotnet_run_as_the_readme_writes_it_puts_nothing_but_the_tools_output_on_stdout()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "PgtableInvariants.sln")))
            root = root.Parent ?? throw new InvalidOperationException($"no PgtableInvariants.sln above {AppContext.BaseDirectory}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root.FullName };
        foreach (var a in new[] { "run", "--no-build", "--project", "src/Cli", "--", "--version" })
            start.ArgumentList.Add(a);
        var (code, output, error) = Finish(start);
        Assert.Equal((0, ""), (code, error));
        Assert.Equal(Run("--version").Output, output);
    }

    [Fact]
    public void Tool_rejects_an_unknown_model_with_one_line_and_exit_2()
    {
        var (code, output, error) = Run("check", "--model", "sparc/3level");
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Equal("error: unknown model 'sparc/3level'", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Split(" (one of")[0]);
    }

    [Fact]
    public void Tool_without_a_command_prints_the_usage_on_stderr_and_exits_2()
    {
        foreach (var args in new[] { Array.Empty<string>(), ["--"] })
        {
            var (code, output, error) = Run(args);
            Assert.Equal(2, code);
            Assert.Empty(output);
            Assert.Contains("Usage:", error, StringComparison.Ordinal);
            foreach (var command in new[] { "check", "trace", "list" })
                Assert.Contains($"  {command} ", error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("\"$TOOL\" list >&-", "error: cannot write to standard output: it is closed")]
    [InlineData("\"$TOOL\" list >/dev/full", "error: cannot write to standard output: no space left on the device (ENOSPC)")]
    [InlineData("\"$TOOL\" --help >/dev/full", "error: cannot write to standard output: no space left on the device (ENOSPC)")]
    public void Tool_with_a_stdout_it_cannot_write_says_so_in_one_line_and_exits_2(string redirect, string line)
    {
        var (code, _, error) = Shell($"exec dotnet {redirect}");
        Assert.Equal(2, code);
        Assert.StartsWith(line, Assert.Single(Lines(error)), StringComparison.Ordinal);
    }

    [Fact] // .NET's own console stream drops EPIPE: the tool writes through descriptor 1 to see it, and ends as SIGPIPE ends a Unix tool.
    public async Task Tool_stops_at_once_and_quietly_with_141_when_the_reader_of_its_stdout_has_gone()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Tool, "list" })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.StandardOutput.Close();
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.True(process.WaitForExit(60_000), "the tool did not stop");
        Assert.Equal(141, process.ExitCode);
        Assert.Empty(Lines(await error));
    }

    [Fact]
    public void Tool_with_closed_stdin_runs_and_with_closed_stderr_still_exits_2_on_bad_input()
    {
        var (code, output, error) = Shell("exec dotnet \"$TOOL\" list <&-");
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("s390/3level", output, StringComparison.Ordinal);
        Assert.Equal(2, Shell("exec dotnet \"$TOOL\" check --bogus 2>&-").Code);
    }

    [Theory] // env --default-signal: a test host started in the background may have passed SIGINT on as ignored.
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task Tool_ends_promptly_on_a_signal_without_a_stack_trace(string signal, int code)
    {
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        // One configuration's four pagewalk cells at 100k cases: still computing when the signal comes, without the
        // whole catalogue on both cores.
        foreach (var a in new[] { "--default-signal=INT,TERM", "dotnet", Tool, "check", "--invariant", "iterator", "--model", "x86-64/4level", "--walker", "pagewalk", "--max-tests", "100000" })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.True(await ComputingWithHandlers(process.Id), "check did not come to catch SIGINT and SIGTERM and compute within 20 s, or ended");
        Assert.False(process.HasExited, "check ended before the signal");
        var sent = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.WaitForExit(10_000), $"check did not end within 10 s of SIG{signal}");
        Assert.True(sent.Elapsed < TimeSpan.FromSeconds(5), $"check took {sent.Elapsed} to end on SIG{signal}");
        Assert.Equal(code, process.ExitCode);
        await output;
        var stderr = await error;
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
    }

    /// <summary>Waits until the process <paramref name="pid"/> catches SIGINT and SIGTERM (the runtime's handlers, bits 2
    /// and 15 of <c>SigCgt</c> in <c>/proc/PID/status</c>) and has run a second of CPU time (<c>utime + stime</c> in
    /// <c>/proc/PID/stat</c>, 100 ticks a second): a check of one case a cell takes about half of that in all, so it is
    /// computing. A fixed delay long enough for a loaded machine kept the check computing on both cores for seconds
    /// before the signal.</summary>
    private static async Task<bool> ComputingWithHandlers(int pid)
    {
        const ulong sigintAndSigterm = (1UL << (2 - 1)) | (1UL << (15 - 1));
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(20); await Task.Delay(20, TestContext.Current.CancellationToken))
        {
            string status, stat;
            try
            {
                (status, stat) = (File.ReadAllText($"/proc/{pid}/status"), File.ReadAllText($"/proc/{pid}/stat"));
            }
            catch (IOException)
            {
                return false; // gone
            }
            var caught = status.Split('\n').Single(l => l.StartsWith("SigCgt:", StringComparison.Ordinal))["SigCgt:".Length..].Trim();
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // after "pid (comm) ": state is field 3, utime 14
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            if ((Convert.ToUInt64(caught, 16) & sigintAndSigterm) == sigintAndSigterm && ticks >= 100)
                return true;
        }
        return false;
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
        var (code, output, error) = Run("check", "--invariant", "geometry", "--model", "i386/2level", "--era", "v5.8");
        Assert.Equal(0, code);
        Assert.Equal("[1/1] geometry i386/2level -: holds", error.TrimEnd('\n'));
        Assert.EndsWith("\n1 cells, every verdict as expected: 1 hold, 0 falsified, 0 not applicable, 0 errors; 200 tests, 0 shrinks\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", output + error, StringComparison.Ordinal);
    }

    [Fact] // 2>&-: progress goes to stderr now, and a closed stderr must not cost the results.
    public void Check_with_stderr_closed_still_prints_its_results_and_exits_0()
    {
        var (code, output, _) = Shell("exec dotnet \"$TOOL\" check --invariant geometry --model i386/2level --era v5.8 2>&-");
        Assert.Equal(0, code);
        Assert.EndsWith("every verdict as expected: 1 hold, 0 falsified, 0 not applicable, 0 errors; 200 tests, 0 shrinks\n", output, StringComparison.Ordinal);
    }
}
