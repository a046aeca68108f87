using System.CommandLine;
using PgtableInvariants.Cli.Commands;
using Spectre.Console;

namespace PgtableInvariants.Cli;

/// <summary>The root command and its three subcommands, run so that a parse error is one line on stderr and exit
/// code 2 (System.CommandLine's own error action would print help and exit with 1).</summary>
public static class CommandLine
{
    public static RootCommand Root(Func<ParseResult, IAnsiConsole>? console = null) =>
        new("Linux page-table folding and walker invariants: check the catalogue, trace one walk, list what there is.")
        {
            CheckCommand.Create(console),
            TraceCommand.Create(console),
            ListCommand.Create(console),
        };

    public static int Run(string[] args, TextWriter output, TextWriter error, Func<ParseResult, IAnsiConsole>? console = null)
    {
        var parse = Root(console).Parse(args);
        if (parse.Errors.Count > 0)
        {
            // An unknown word explains more than "Required command was not provided", which comes first.
            var first = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            error.WriteLine($"error: {first.Message}");
            return CommandContext.BadInput;
        }
        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }
}
