using System.CommandLine;
using PgtableInvariants.Cli.Parsing;
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
    public bool ErrorIsTerminal => Error is GuardedWriter { IsProcessStream: true } && !System.Console.IsErrorRedirected;

    public IAnsiConsole Console { get; }

    public TextWriter Output => Console.Profile.Out.Writer;

    public TextWriter Error { get; }

    /// <summary>The exit code for success.</summary>
    public const int Ok = 0;

    /// <summary>The exit code for bad input, and for an environment the command cannot work in (a stdout it cannot
    /// write), as grep exits 2 on trouble.</summary>
    public const int BadInput = 2;

    /// <summary>Runs <paramref name="handler"/> on the invocation's writers (or on the console a test gives).</summary>
    public static int Run(ParseResult parse, Func<ParseResult, IAnsiConsole>? console, Func<CommandContext, int> handler)
    {
        var output = parse.InvocationConfiguration.Output;
        var context = new CommandContext(console?.Invoke(parse) ?? ConsoleOn(output), parse.InvocationConfiguration.Error, output is GuardedWriter { IsProcessStream: true });
        try
        {
            return handler(context);
        }
        catch (BadInputException e)
        {
            context.Error.WriteLine($"error: {Names.OneLine(e.Message)}");
            return BadInput;
        }
        catch (Exception e) when (context.OutputIsStdout && StandardOutput.IsReaderGone(e))
        {
            return StandardOutput.ReaderGoneStatus;
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OutputUnwritableException))
        {
            // A bug of the tool: said as a bug, in words, without .NET's type or parameter names.
            var message = e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
            context.Error.WriteLine($"error: internal error, please report it with the command line: {Names.OneLine(message)}");
            return 3;
        }
    }

    private static IAnsiConsole ConsoleOn(TextWriter output)
    {
        // Spectre tells a redirected stdout by comparing its writer with Console.Out, which the guarded one is not.
        var redirected = output is GuardedWriter && System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = GuardedConsoleOutput.On(output),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (!console.Profile.Capabilities.Interactive)
            console.Profile.Width = 200;
        return console;
    }
}
