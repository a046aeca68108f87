using System.Diagnostics;

namespace PgtableInvariants.Properties.Cli;

/// <summary>The built tool run as a process, as a user runs it.</summary>
public sealed class ProcessTests
{
    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "pgtable-invariants.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(tool);
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "the tool did not finish");
        return (process.ExitCode, output.Result, error.Result);
    }

    [Fact]
    public void Tool_traces_the_s390_failure_and_exits_1_because_the_walk_disagrees_with_the_hardware()
    {
        var (code, output, error) = Run("trace", "--model", "s390/3level", "--walker", "gup-fast/v5.8", "--start", "0x7ffff000", "--end", "0x80001000", "--map", "0x7ffff000", "--map", "0x0");
        Assert.Equal(1, code);
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
}
