using System.CommandLine;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Cli.Parsing;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.KernelOracle;
using PgtableInvariants.KernelOracle.Building;
using PgtableInvariants.KernelOracle.Trees;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers;
using Spectre.Console;

namespace PgtableInvariants.Cli.Commands;

/// <summary><c>list</c>: the models with their levels, folding and reach; the walkers; the stack layouts; the invariants.</summary>
public static class ListCommand
{
    public static Command Create(Func<ParseResult, IAnsiConsole>? console = null)
    {
        var tree = Options.KernelTree();
        var command = new Command("list", "List the models, eras, walkers, stack layouts and invariants; with --kernel-tree, what that tree offers.") { tree };
        command.SetAction(parse => CommandContext.Run(parse, console, context =>
            parse.GetValue(tree) is { } directory ? HandleTree(context, directory) : Handle(context)));
        return command;
    }

    /// <summary>A tree's release, its era, and what the oracle builds from it.</summary>
    private static int HandleTree(CommandContext context, string directory)
    {
        KernelTree tree;
        try
        {
            tree = KernelTree.Open(directory);
        }
        catch (OracleSetupError e)
        {
            throw new BadInputException(e.Message);
        }
        var table = new Table().Title($"kernel tree {Markup.Escape(tree.Directory)}").AddColumns("", "");
        table.AddRow("release", tree.Version.ToString());
        table.AddRow("era", Markup.Escape($"{tree.Era}: {tree.EraNote}"));
        foreach (var arch in OracleTarget.Architectures)
        {
            var has = Directory.Exists(Path.Combine(tree.Directory, "arch", arch switch { "x86-64" => "x86", "riscv64" => "riscv", _ => arch }));
            var models = ModelCatalogue.All.Where(m => OracleTarget.For(m) is { } t && t.Target.Arch == arch && m.Helpers.Contains(tree.Era)).Select(m => m.Name);
            table.AddRow($"--arch {arch}", Markup.Escape(has
                ? $"builds {string.Join(", ", OracleTarget.Of(arch))}; models {string.Join(", ", models)}"
                : $"arch/{arch} is missing from this tree"));
        }
        table.AddRow("walkers", Markup.Escape(string.Join(", ", KernelWalker.Names.Select(w => $"{w} (as the model's {KernelWalker.Counterpart(w, tree.Era)})"))));
        table.AddRow("invariants", Markup.Escape(string.Join(", ", InvariantCatalogue.All.Where(i => i.NeedsKernel || i.ChecksKernelConstants || i.Walkers.Any(w => KernelWalker.EntryPointOf(w) is not null)).Select(i => i.Id))));
        context.Console.Write(table);
        return CommandContext.Ok;
    }

    private static int Handle(CommandContext context)
    {
        var models = new Table().Title("models").AddColumns("model", "helpers of eras", "levels", "folding", "reach");
        foreach (var m in ModelCatalogue.All)
            models.AddRow(m.Name, Markup.Escape(m.Helpers.ToString()), m.InitialLevels.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(m.Folding), AddressText.Hex(m.Reach));
        var eras = new Table().Title("kernel eras").AddColumns("era", "from", "helpers change", "walkers written for it", "what changed");
        foreach (var e in KernelEra.All)
        {
            var arches = ModelCatalogue.All.Where(m => m.Era == e).Select(m => m.Arch.Name).Distinct();
            var written = WalkerCatalogue.All.Where(w => w.Era == e).Select(w => w.Name);
            eras.AddRow(e.Name, e.IsRelease ? e.Version : "not merged", Markup.Escape(Words(arches)), Markup.Escape(Words(written)), Markup.Escape(e.Summary));
        }
        var walkers = new Table().Title("walkers").AddColumns("walker", "eras", "what it is");
        foreach (var w in WalkerCatalogue.Names)
            walkers.AddRow(w, Markup.Escape(WalkerCatalogue.RangeText(w)), Markup.Escape(WalkerCatalogue.Describe(w)));
        foreach (var w in KernelWalker.Names)
            walkers.AddRow(w, "the tree's", Markup.Escape(KernelWalker.Describe(w)));
        var layouts = new Table().Title("stack layouts").AddColumns("layout", "what lies after a stack copy");
        layouts.AddRow("caller-copy", "the caller's copy of the level above (the usual compiler outcome)");
        layouts.AddRow("redzone", "a KASAN red zone: reading it is a stack-out-of-bounds fault");
        layouts.AddRow("zero", "8 zero bytes of padding, then the caller's copy");
        var invariants = new Table().Title("invariants").AddColumns("invariant", "statement");
        foreach (var i in InvariantCatalogue.All)
            invariants.AddRow(i.Id, Markup.Escape(i.Statement));
        context.Console.Write(models);
        context.Console.Write(eras);
        context.Console.Write(walkers);
        context.Console.Write(layouts);
        context.Console.Write(invariants);
        return CommandContext.Ok;
    }

    private static string Words(IEnumerable<string> names) => string.Join(", ", names.DefaultIfEmpty("-"));
}
