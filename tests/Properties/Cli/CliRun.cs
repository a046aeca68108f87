using PgtableInvariants.Cli;
using Spectre.Console.Testing;

namespace PgtableInvariants.Properties.Cli;

/// <summary>One run of the command line on a Spectre <see cref="TestConsole"/>: exit code, stdout, stderr.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Of(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        var error = new StringWriter();
        var code = CommandLine.Run(args, console.Profile.Out.Writer, error, _ => console);
        return new CliRun(code, console.Output, error.ToString());
    }

    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The one line of a refusal: asserts exit code 2, nothing on stdout, and one <c>error: …</c> line on stderr
    /// that leaks no .NET words (a parameter name, an exception, a stack frame).</summary>
    public string RefusalLine()
    {
        Assert.Equal(2, ExitCode);
        Assert.Empty(Output);
        var line = Assert.Single(ErrorLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        foreach (var leak in new[] { "(Parameter", "Exception", "   at " })
            Assert.DoesNotContain(leak, line, StringComparison.Ordinal);
        return line;
    }

    /// <summary>Stdout's lines, without the empty one after the last newline.</summary>
    public string[] OutputLines => Output.TrimEnd('\n').Split('\n');
}
