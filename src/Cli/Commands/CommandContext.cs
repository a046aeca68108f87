using System.CommandLine;
using Spectre.Console;

namespace PgtableInvariants.Cli.Commands;

/// <summary>What a handler writes to: a Spectre console for tables, the raw output for traces and JSON (so nothing
/// is wrapped), and the error writer. Runs a handler so that bad input is one line and exit code 2, and nothing
/// ever leaves as a stack trace.</summary>
public sealed class CommandContext
{
    private CommandContext(IAnsiConsole console, TextWriter error, bool outputIsStdout)
    {
        Console = console;
        Error = error;
        OutputIsStdout = outputIsStdout;
    }

    /// <summary>True when the output is the process's own stdout (not a test's writer), whose reader may go away.</summary>
    public bool OutputIsStdout { get; }

    /// <summary>True when stdout is a terminal, which a live display on stderr shares.</summary>
    public bool OutputIsTerminal => OutputIsStdout && !System.Console.IsOutputRedirected;

    /// <summary>True when the error writer is the process's stderr and a terminal: progress may be a live display.</summary>
    public bool ErrorIsTerminal => ReferenceEquals(Error, System.Console.Error) && !System.Console.IsErrorRedirected;

    public IAnsiConsole Console { get; }

    public TextWriter Output => Console.Profile.Out.Writer;

    public TextWriter Error { get; }

    /// <summary>The exit code for success.</summary>
    public const int Ok = 0;

    /// <summary>The exit code for bad input.</summary>
    public const int BadInput = 2;

    /// <summary>Runs <paramref name="handler"/> on the invocation's writers (or on the console a test gives).</summary>
    public static int Run(ParseResult parse, Func<ParseResult, IAnsiConsole>? console, Func<CommandContext, int> handler)
    {
        var output = parse.InvocationConfiguration.Output;
        var context = new CommandContext(console?.Invoke(parse) ?? ConsoleOn(output), parse.InvocationConfiguration.Error, ReferenceEquals(output, System.Console.Out));
        try
        {
            return handler(context);
        }
        catch (BadInputException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (Exception e) when (context.OutputIsStdout && StandardOutput.IsReaderGone(e))
        {
            return StandardOutput.ReaderGoneStatus;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            context.Error.WriteLine($"error: internal: {e.GetType().Name}: {e.Message}");
            return 3;
        }
    }

    private static IAnsiConsole ConsoleOn(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (!console.Profile.Capabilities.Interactive)
            console.Profile.Width = 200;
        return console;
    }
}
