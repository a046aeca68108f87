using System.CommandLine;
using PgtableInvariants.Cli.Commands;
using PgtableInvariants.Cli.Parsing;
using Spectre.Console;

namespace PgtableInvariants.Cli;

/// <summary>The root command and its three subcommands, run so that a parse error is one line on stderr and exit
/// code 2 (System.CommandLine's own error action would print help and exit with 1).</summary>
public static class CommandLine
{
    /// <summary>The tool's name, as help prints it.</summary>
    public const string Tool = "pgtable-invariants";

    /// <summary>No response files: an argument <c>@FILE</c> is taken as typed, never replaced by FILE's contents.</summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    public static RootCommand Root(Func<ParseResult, IAnsiConsole>? console = null) =>
        new("Linux page-table folding and walker invariants: check the catalogue, trace one walk, list what there is.")
        {
            CheckCommand.Create(console),
            TraceCommand.Create(console),
            ListCommand.Create(console),
        };

    /// <summary>Runs <paramref name="args"/>: the command's exit code; 2 with one line on <paramref name="error"/> for
    /// bad input or a stdout that cannot be written; 2 with the usage on <paramref name="error"/> when no command is given.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, Func<ParseResult, IAnsiConsole>? console = null)
    {
        try
        {
            var root = Root(console);
            var parse = root.Parse(args, Parsing);
            if (parse.Errors.Count > 0 && parse.CommandResult.Command is RootCommand && parse.UnmatchedTokens.Count == 0)
            {
                // No command (nothing, or only "--"): the usage, on stderr, since stdout may be a pipe that expects a
                // command's output.
                root.Parse(["--help"], Parsing).Invoke(new InvocationConfiguration { Output = error, Error = error });
                return CommandContext.BadInput;
            }
            // A word nothing took is refused even beside --help or --version, which clear the errors it caused.
            if (parse.Errors.Count > 0 || parse.UnmatchedTokens.Count > 0)
            {
                error.WriteLine($"error: {Message(parse)}");
                return CommandContext.BadInput;
            }
            // ProcessTerminationTimeout null: SIGINT and SIGTERM end the process as they end any Unix tool. The handlers
            // are synchronous and never look at a cancellation token, so System.CommandLine's own handling would only
            // swallow Ctrl+C and let a long `check` run to its end.
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (OutputUnwritableException e) when (e.ReaderGone)
        {
            return StandardOutput.ReaderGoneStatus;
        }
        catch (OutputUnwritableException e)
        {
            error.WriteLine($"error: {e.Message}");
            return CommandContext.BadInput;
        }
    }

    /// <summary>The one line a parse error gets. A word no command or option took explains more than the errors it
    /// causes ("Required command was not provided" comes first for <c>frobnicate</c>), so it is named first.</summary>
    private static string Message(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var name = command is RootCommand ? Tool : command.Name;
        if (parse.UnmatchedTokens.FirstOrDefault() is not { } token)
            return Names.OneLine(parse.Errors[0].Message);
        if (command.Options.Any(o => o.Name == token || o.Aliases.Contains(token)))
            return $"'{Names.Shown(token)}' comes after '--', which ends the options, and {name} takes no arguments";
        if (token.StartsWith('-') && token.Length > 1)
            return $"{name} has no option '{Names.Shown(token)}' (it takes {string.Join(", ", command.Options.Where(o => !o.Hidden).Select(o => o.Name))})";
        if (command is RootCommand)
            return $"unknown command '{Names.Shown(token)}' (one of: {string.Join(", ", command.Subcommands.Select(c => c.Name))})";
        return $"{name} takes no argument '{Names.Shown(token)}': every value follows its option (see {Tool} {name} --help)";
    }
}
