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

    /// <summary>Stdout's lines, without the empty one after the last newline.</summary>
    public string[] OutputLines => Output.TrimEnd('\n').Split('\n');
}
