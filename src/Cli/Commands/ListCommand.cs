using System.CommandLine;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Cli.Parsing;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Walkers;
using Spectre.Console;

namespace PgtableInvariants.Cli.Commands;

/// <summary><c>list</c>: the models with their levels, folding and reach; the walkers; the stack layouts; the invariants.</summary>
public static class ListCommand
{
    public static Command Create(Func<ParseResult, IAnsiConsole>? console = null)
    {
        var command = new Command("list", "List the models, walkers, stack layouts and invariants.");
        command.SetAction(parse => CommandContext.Run(parse, console, Handle));
        return command;
    }

    private static int Handle(CommandContext context)
    {
        var models = new Table().Title("models").AddColumns("model", "levels", "folding", "reach");
        foreach (var m in ModelCatalogue.All)
            models.AddRow(m.Name, m.InitialLevels.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(m.Folding), AddressText.Hex(m.Reach));
        var walkers = new Table().Title("walkers").AddColumns("walker", "what it is");
        foreach (var w in WalkerCatalogue.Names)
            walkers.AddRow(w, Markup.Escape(WalkerCatalogue.Describe(w)));
        var layouts = new Table().Title("stack layouts").AddColumns("layout", "what lies after a stack copy");
        layouts.AddRow("caller-copy", "the caller's copy of the level above (the usual compiler outcome)");
        layouts.AddRow("redzone", "a KASAN red zone: reading it is a stack-out-of-bounds fault");
        layouts.AddRow("zero", "8 zero bytes of padding, then the caller's copy");
        var invariants = new Table().Title("invariants").AddColumns("invariant", "statement");
        foreach (var i in InvariantCatalogue.All)
            invariants.AddRow(i.Id, Markup.Escape(i.Statement));
        context.Console.Write(models);
        context.Console.Write(walkers);
        context.Console.Write(layouts);
        context.Console.Write(invariants);
        return CommandContext.Ok;
    }
}
