using System.CommandLine;
using System.Text.Json;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Cli.Parsing;
using PgtableInvariants.Cli.Rendering;
using PgtableInvariants.KernelOracle;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;
using Spectre.Console;

namespace PgtableInvariants.Cli.Commands;

/// <summary><c>trace</c>: build an address space from <c>--map</c>s, run one walker over one range, and show the trace,
/// each page's frame next to the hardware's, and optionally an SVG picture of the walk.</summary>
public static class TraceCommand
{
    /// <summary>Ranges longer than this list only the pages the walker found.</summary>
    private const ulong EveryPageUpTo = 4096;

    public static Command Create(Func<ParseResult, IAnsiConsole>? console = null)
    {
        var model = Options.Required("--model", "model", Names.Models, "The model; with --era, the configuration.");
        var walker = Options.Required("--walker", "walker", Names.Walkers, "The walker; with --era, the kind of walk (pagewalk, gup-fast, gup-slow, hardware).");
        var era = Options.Era("The kernel era: the model of that era's helpers and the walker of that era's code.");
        var start = Options.Address("--start", "First address of the range (page-aligned).");
        var end = Options.Address("--end", "End of the range (page-aligned; 0 is the top of the address space).");
        var maps = new Option<MapSpec[]>("--map")
        {
            Description = "Map VA[=PFN][:SIZE] (pfn defaults to VA >> 12; SIZE 4K, 1M, 2M, 1G, 2G where the model has it). Repeatable.",
            Arity = ArgumentArity.ZeroOrMore,
            CustomParser = result => [.. result.Tokens.Select(t => MapSpec.Parse(t.Value, out var error) ?? Fail(result, error!))],
        };
        var layout = Options.Layout();
        var write = Options.Flag("--write", "A write access (FOLL_WRITE).");
        var svg = Options.Svg();
        var json = Options.Json();
        var tree = Options.KernelTree();
        var arch = Options.Arch();
        var command = new Command("trace", "Trace one walk of one model over one range; a kernel/… walker runs the tree's own code beside the model's trace.")
        {
            model, walker, era, start, end, maps, layout, write, svg, json, tree, arch,
        };
        command.SetAction(parse => CommandContext.Run(parse, console, context =>
        {
            var (chosen, walkerName) = Resolve(parse.GetValue(model)!, parse.GetValue(walker)!, parse.GetValue(era));
            using var kernel = KernelSession.Open(context, parse.GetValue(tree), parse.GetValue(arch));
            if (KernelWalker.EntryPointOf(walkerName) is not null && kernel is null)
                throw new BadInputException($"--walker {walkerName} runs a kernel tree's own code: pass --kernel-tree DIR --arch s390|x86-64");
            return Handle(context, chosen, walkerName, kernel, parse.GetValue(start), parse.GetValue(end),
                parse.GetValue(maps) ?? [], new WalkOptions(parse.GetValue(layout) ?? Options.DefaultLayout, parse.GetValue(write)), parse.GetValue(svg), parse.GetValue(json));
        }));
        return command;
    }

    /// <summary>The model and walker the options name. Without <c>--era</c>: a model and a walker by name. With it: the
    /// configuration's model and the kind's walker of that era; a name that belongs to another era is refused.</summary>
    private static (Model Model, string Walker) Resolve(string modelName, string walkerName, KernelEra? era)
    {
        var named = ModelCatalogue.Find(modelName)!;
        var kernelWalker = KernelWalker.EntryPointOf(walkerName) is not null;
        if (era is null)
        {
            if (!kernelWalker && WalkerCatalogue.Spec(walkerName) is null)
                throw new BadInputException($"--walker {walkerName} is a kind of walk: pass --era to pick the one of an era, or a walker ({string.Join(", ", WalkerCatalogue.OfKind(walkerName))})");
            return (named, walkerName);
        }
        if (named.Name != named.Config && !named.Helpers.Contains(era))
            throw new BadInputException($"--model {modelName} has the helpers of {named.Helpers}, not of {era}: pass --model {named.Config}");
        var model = ModelCatalogue.For(named.Config, era)!;
        if (kernelWalker)
            return (model, walkerName);
        var isKind = WalkerCatalogue.KindOf(walkerName) == walkerName;
        if (!isKind && !WalkerCatalogue.Serves(walkerName, era))
            throw new BadInputException($"--walker {walkerName} models {WalkerCatalogue.RangeText(walkerName)}, not {era}: pass --walker {WalkerCatalogue.KindOf(walkerName)}");
        return (model, WalkerCatalogue.InEra(WalkerCatalogue.KindOf(walkerName), era)!);
    }

    private static MapSpec Fail(System.CommandLine.Parsing.ArgumentResult result, string error)
    {
        result.AddError(error);
        return null!;
    }

    private static int Handle(CommandContext context, Model model, string walkerName, KernelCode? kernel, VirtualAddress start, VirtualAddress end,
        MapSpec[] maps, WalkOptions options, FileInfo? svg, bool json)
    {
        var range = Range(model, start, end);
        var mm = Build(model, maps);
        if (kernel is not null && KernelWalker.EntryPointOf(walkerName) is not null)
            return HandleKernel(context, model, walkerName, kernel, range, mm, options, json);
        var walk = WalkerCatalogue.Find(walkerName, model)!.Walk(mm, range, options);
        var pages = Pages(model, mm, range, walk, options.Write);

        if (svg is not null)
            Write(svg, WalkPicture.Render(model, mm, walk, options));
        if (json)
        {
            context.Output.WriteLine(TraceJson.Render(model.Name, walk, pages).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return CommandContext.Ok;
        }

        context.Output.WriteLine($"{model} / {walkerName} {range}, stack {Names.Of(options.StackLayout)}, {(options.Write ? "write" : "read")}");
        foreach (var m in mm.Mappings)
            context.Output.WriteLine($"  map {m.Va} {m.Size} {m.Pfn}");
        context.Output.Write(walk.Trace.Render());
        var table = new Table().AddColumns("page", walkerName, "hardware", "");
        foreach (var p in pages)
            table.AddRow(p.Va.ToString(), p.Pfn?.ToString() ?? "-", p.ExpectedPfn?.ToString() ?? "-", p.Wrong ? "[red bold]wrong page[/]" : "");
        context.Console.Write(table);
        if (walk.Fault is { } fault)
            context.Console.MarkupLine($"[red bold]fault:[/] [red]{Markup.Escape(fault.ToString())}[/]");
        if (svg is not null)
            context.Console.MarkupLine($"picture: {Markup.Escape(svg.FullName)}");
        return CommandContext.Ok;
    }

    /// <summary>The kernel's own walk: its pages beside the model's traced walk of the tree's era and the hardware.</summary>
    private static int HandleKernel(CommandContext context, Model model, string walkerName, KernelCode kernel, WalkRange range,
        Arch.AddressSpaces.AddressSpace mm, WalkOptions options, bool json)
    {
        if (!kernel.Serves(model))
            throw new BadInputException($"--model {model}: the {kernel.Arch} code of the tree does not run it");
        WalkResult real;
        try
        {
            real = kernel.Walker(walkerName, model)!.Walk(mm, range, options);
        }
        catch (OracleError e)
        {
            context.Error.WriteLine($"error: the kernel's code failed: {e.Message}");
            return 3;
        }
        var counterpart = KernelWalker.Counterpart(walkerName, kernel.Tree.Era);
        var modelWalk = WalkerCatalogue.Find(counterpart, model)!.Walk(mm, range, options);
        var pages = Pages(model, mm, range, real, options.Write);
        if (json)
        {
            context.Output.WriteLine(TraceJson.Render(model.Name, real, pages).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return CommandContext.Ok;
        }
        context.Output.WriteLine($"{model} / {walkerName} of Linux {kernel.Tree.Version} {range}, {(options.Write ? "write" : "read")}; the model's {counterpart} beside it");
        foreach (var m in mm.Mappings)
            context.Output.WriteLine($"  map {m.Va} {m.Size} {m.Pfn}");
        context.Output.WriteLine($"trace of the model's {counterpart}:");
        context.Output.Write(modelWalk.Trace.Render());
        var returned = real.Returned is { } r ? $"returned {r}" : $"went on into slow gup after its fast path took {real.PageCount} pages";
        context.Output.WriteLine($"the kernel's {walkerName} {returned}; references left: {(real.References is { Count: > 0 } refs ? string.Join(", ", refs) : "none")}");
        var table = new Table().AddColumns("page", walkerName, counterpart, "hardware", "");
        foreach (var p in pages)
        {
            var modelPfn = modelWalk.PfnAt(p.Va);
            var note = p.Wrong ? "[red bold]wrong page[/]" : modelPfn != p.Pfn ? "[red bold]model differs[/]" : "";
            table.AddRow(p.Va.ToString(), p.Pfn?.ToString() ?? "-", modelPfn?.ToString() ?? "-", p.ExpectedPfn?.ToString() ?? "-", note);
        }
        context.Console.Write(table);
        return CommandContext.Ok;
    }

    /// <summary>The range, within what the model's tables can describe (<c>end == 0</c> only where they reach the top).</summary>
    private static WalkRange Range(Model model, VirtualAddress start, VirtualAddress end)
    {
        var topReachable = model.Arch.TaskSizeMax >= 1UL << 63;
        if (end.Value == 0 && !topReachable)
            throw new BadInputException($"--end 0 (the top of the address space) is beyond the reach of {model} (0x{model.Arch.TaskSizeMax:x})");
        if (end.Value != 0 && end <= start)
            throw new BadInputException($"--end {end} is not above --start {start}");
        if (end.Value > model.Arch.TaskSizeMax && !(topReachable && end.Value == 0))
            throw new BadInputException($"range [{start}, {end}) is beyond the reach of {model} (0x{model.Arch.TaskSizeMax:x})");
        return WalkRange.Create(start, end);
    }

    private static Arch.AddressSpaces.AddressSpace Build(Model model, MapSpec[] maps)
    {
        var mm = model.NewAddressSpace();
        foreach (var map in maps)
        {
            var size = map.Size == PageSize.Base.Bytes ? PageSize.Base : model.Arch.HugeSizes.FirstOrDefault(s => s.Bytes == map.Size);
            if (size.Bytes == 0)
                throw new BadInputException($"--map {map.Text}: {model} has no {new PageSize(default, map.Size)} leaf (it has {string.Join(", ", model.Arch.HugeSizes.Prepend(PageSize.Base))})");
            try
            {
                mm.Map(map.Va, map.Pfn, size);
            }
            catch (ArgumentException e)
            {
                throw new BadInputException($"--map {map.Text}: {e.Message.Split(": ", 2)[^1]}");
            }
        }
        return mm;
    }

    private static List<PageCheck> Pages(Model model, Arch.AddressSpaces.AddressSpace mm, WalkRange range, WalkResult walk, bool write)
    {
        var vas = range.Pages <= EveryPageUpTo ? range.EachPage() : walk.EachPage().Select(p => p.Va).Take((int)EveryPageUpTo);
        var access = write ? Access.Write : Access.Read;
        return [.. vas.Select(va => new PageCheck(va, walk.PfnAt(va), model.Mmu.Translate(new Cpu(mm.Memory), mm, va, access).Pfn))];
    }

    private static void Write(FileInfo file, string content)
    {
        try
        {
            File.WriteAllText(file.FullName, content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new BadInputException($"--svg {file}: cannot write ({e.Message})");
        }
    }
}
