using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PgtableInvariants.Arch;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Cli.Parsing;
using PgtableInvariants.Cli.Rendering;
using PgtableInvariants.KernelOracle;
using PgtableInvariants.KernelOracle.Building;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;
using Spectre.Console;

namespace PgtableInvariants.Cli.Commands;

/// <summary><c>trace</c>: build an address space from <c>--map</c>s, run one walker over one range, and show the trace,
/// each page's frame next to the hardware's, and optionally an SVG picture of the walk.</summary>
public static class TraceCommand
{
    public static Command Create(Func<ParseResult, IAnsiConsole>? console = null)
    {
        var model = Options.Required("--model", "model", Names.Models, "The model; with --era, the configuration.");
        var walker = Options.Required("--walker", "walker", Names.Walkers, "The walker; with --era, the kind of walk (pagewalk, gup-fast, gup-slow, hardware).");
        var era = Options.Era("The kernel era: the model of that era's helpers and the walker of that era's code.");
        var start = Options.Address("--start", "First address of the range (page-aligned).");
        var end = Options.Address("--end", "End of the range (page-aligned; 0 is the top of the address space).");
        var maps = new Option<MapSpec[]>("--map")
        {
            Description = $"Map {MapSpec.Syntax}, as counterexamples print maps: pfn defaults to VA >> PAGE_SHIFT; SIZE {MapSpec.SizeNames} where the model has it (default: a base page, 4K, or 16K or 64K on arm64); "
                + $"PROT as /proc/PID/maps spells it, r or -, w or -, x or -, then p or s (default rw-p). Frames {MachineMemory.KernelWindowFrames(12, 52)} (with 4K pages and 52-bit physical addresses; the top 16 TiB below 2^48 on arm64 with 48-bit ones, in its own page size) hold the page tables and "
                + "the kernel stack and cannot be mapped. Repeatable.",
            Arity = ArgumentArity.ZeroOrMore,
            CustomParser = result => [.. result.Tokens.Select(t => MapSpec.Parse(t.Value, out var error) ?? Fail(result, error!))],
        };
        var layout = Options.Layout();
        var write = Options.Flag("--write", "A write access (FOLL_WRITE).");
        var svg = Options.Svg();
        var json = Options.Json();
        var tree = Options.KernelTree();
        var arch = Options.Arch();
        var command = new Command("trace", "Trace one walk of one model over one range; a kernel/… walker runs the tree's own code beside the model's trace. "
            + "The pages are shown as runs beside the hardware's translation. Exit status: 0 when the walk agrees with the hardware, "
            + $"{Disagrees} when it disagrees (a wrong or missed page, or a fault), 2 on bad input (and gup-slow or hardware over more than {PageByPageLimit} pages), "
            + "3 when the kernel's code or the tool failed.")
        {
            model, walker, era, start, end, maps, layout, write, svg, json, tree, arch,
        };
        command.SetAction(parse => CommandContext.Run(parse, console, context =>
        {
            var (chosen, walkerName) = Resolve(parse.GetValue(model)!, parse.GetValue(walker)!, parse.GetValue(era));
            using var kernel = KernelSession.Open(context, parse.GetValue(tree), parse.GetValue(arch), [chosen]);
            if (KernelWalker.EntryPointOf(walkerName) is not null && kernel is null)
                throw new BadInputException($"--walker {walkerName} runs a kernel tree's own code: pass --kernel-tree DIR --arch {string.Join("|", OracleTarget.Architectures)}");
            return Handle(context, chosen, walkerName, kernel, parse.GetValue(start), parse.GetValue(end),
                parse.GetValue(maps) ?? [], new WalkOptions(parse.GetValue(layout) ?? Options.DefaultLayout, parse.GetValue(write)), parse.GetValue(svg), parse.GetValue(json));
        }));
        return command;
    }

    /// <summary>The model and walker the options name. Without <c>--era</c>: a model and a walker by name. With it: the
    /// configuration's model and the kind's walker of that era; a name that belongs to another era is refused.</summary>
    private static (Model Model, string Walker) Resolve(string modelName, string walkerName, KernelEra? era)
    {
        var (model, walker) = ResolveNames(modelName, walkerName, era);
        if (WalkerCatalogue.KindOf(walker) == WalkerCatalogue.GupFastKind && !model.Arch.HasGupFast)
            throw new BadInputException($"--model {model.Name} has no gup_fast: its kernel does not build it (riscv selects HAVE_FAST_GUP from 6.8)");
        return (model, walker);
    }

    private static (Model Model, string Walker) ResolveNames(string modelName, string walkerName, KernelEra? era)
    {
        var named = ModelCatalogue.Find(modelName) ?? ModelCatalogue.All.First(m => m.Config == modelName);
        var kernelWalker = KernelWalker.EntryPointOf(walkerName) is not null;
        if (era is null && named.Name != modelName)
            throw new BadInputException($"--model {modelName} is a configuration: pass --era to pick one of its models ({string.Join(", ", ModelCatalogue.All.Where(m => m.Config == modelName).Select(m => m.Name))})");
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
        RefuseLongPageByPageWalks(walkerName, range);
        var walk = WalkerCatalogue.Find(walkerName, model)!.Walk(mm, range, options);
        var pages = Compare(model, mm, range, walk, walkerName, options.Write);

        if (svg is not null)
            Write(svg, WalkPicture.Render(model, mm, walk, options));
        if (json)
        {
            context.Output.WriteLine(TraceJson.Render(model.Name, walk, pages).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return ExitStatus(walk, pages);
        }

        context.Output.WriteLine($"{model} / {walkerName} {range}, stack {Names.Of(options.StackLayout)}, {(options.Write ? "write" : "read")}");
        WriteMaps(context, mm);
        context.Output.Write(walk.Trace.Render());
        var table = new Table().AddColumns("pages", "count", walkerName, "hardware", "");
        foreach (var p in pages.Runs)
            table.AddRow(p.RangeText, p.Pages.ToString(CultureInfo.InvariantCulture), FramesText(p.Pfn, p.Pages), FramesText(p.ExpectedPfn, p.Pages, p.HardwareText), VerdictMarkup(p));
        context.Console.Write(table);
        WriteVerdict(context, walk, pages);
        if (svg is not null)
            context.Console.MarkupLine($"picture: {Markup.Escape(svg.FullName)}");
        return ExitStatus(walk, pages);
    }

    /// <summary>The exit status for "the walk disagrees with the hardware": a wrong or missed page, or a fault.</summary>
    public const int Disagrees = 1;

    /// <summary>Pages a walker that works page by page (slow gup's <c>follow_page_mask</c> per address, the hardware's
    /// translation per address) may be asked to trace: 64 MiB. Slow gup prints about 13 trace lines a page (a 4 GiB range
    /// was 26 s, 3.2 GB of memory and 507 MB of text), so a longer range is refused rather than run for minutes.</summary>
    public const ulong PageByPageLimit = 1UL << 14;

    private static void RefuseLongPageByPageWalks(string walkerName, WalkRange range)
    {
        var kind = WalkerCatalogue.KindOf(walkerName);
        if (kind is not (WalkerCatalogue.GupSlowKind or WalkerCatalogue.HardwareKind) || range.Pages <= PageByPageLimit)
            return;
        var how = kind == WalkerCatalogue.GupSlowKind ? "follow_page_mask for every address" : "one translation for every address";
        throw new BadInputException($"--walker {walkerName} walks page by page ({how}) and {range} has {range.Pages} pages, "
            + $"more than the {PageByPageLimit} ({PageByPageLimit >> 8} MiB) trace walks page by page: narrow --start/--end, or trace pagewalk or gup-fast, which skip empty tables");
    }

    /// <summary>The walk against the hardware: its pages for the access it made (FOLL_WRITE when the caller asked or
    /// the era added it), the pages it left for the access the caller asked; pagewalk has no access of its own.</summary>
    private static PageComparison Compare(Model model, Arch.AddressSpaces.AddressSpace mm, WalkRange range, WalkResult walk, string walkerName, bool write)
    {
        var kind = KernelWalker.EntryPointOf(walkerName) is not null ? (walkerName == KernelWalker.PageWalkName ? WalkerCatalogue.PageWalkKind : WalkerCatalogue.GupFastKind)
            : WalkerCatalogue.KindOf(walkerName);
        var caller = write && kind != WalkerCatalogue.PageWalkKind ? Access.Write : Access.Read;
        var walked = walk.FollWrite ? Access.Write : caller;
        return PageComparison.Of(model.Mmu, mm, range, walk, walked, caller, prefixOnly: kind == WalkerCatalogue.GupFastKind);
    }

    private static int ExitStatus(WalkResult walk, PageComparison pages) => walk.Fault is not null || pages.Disagrees ? Disagrees : CommandContext.Ok;

    private static void WriteMaps(CommandContext context, Arch.AddressSpaces.AddressSpace mm)
    {
        foreach (var m in mm.Mappings)
            context.Output.WriteLine($"  map {m.Va} {m.Size} {m.Pfn} {VmFlagsText.Format(m.Flags)}");
    }

    /// <summary>A run's frames: <c>pfn 0x7ffff</c> for one page, <c>pfn 0x7ffff..</c> for the first of several.</summary>
    private static string FramesText(Pfn? pfn, ulong pages, string none = "-") => pfn is { } p ? (pages > 1 ? $"{p}.." : p.ToString()) : none;

    private static string VerdictMarkup(PageCheck p) => p.Disagrees ? $"[red bold]{p.VerdictText}[/]" : p.VerdictText;

    /// <summary>The counts, what the pages were compared for, the fault, and one line a script and a person can act on.</summary>
    private static void WriteVerdict(CommandContext context, WalkResult walk, PageComparison pages)
    {
        var counts = new[] { PageVerdict.AsHardware, PageVerdict.Wrong, PageVerdict.Missed, PageVerdict.LeftToSlowGup, PageVerdict.Hole }
            .Select(v => (Verdict: v, Pages: pages.Count(v)))
            .Where(c => c.Pages > 0)
            .Select(c => $"{c.Pages} {PageCheck.Words(c.Verdict)}{(c.Verdict == PageVerdict.Wrong && c.Pages > 1 ? "s" : "")}");
        context.Output.WriteLine($"{pages.Pages} page{(pages.Pages == 1 ? "" : "s")}: {string.Join(", ", counts)}");
        if (pages.WalkAccess != pages.CallerAccess)
            context.Output.WriteLine("the walk ran with FOLL_WRITE, which the caller did not ask (5.8's get_user_pages_fast adds it, 17839856fd58): "
                + "its pages are compared with the hardware's translation for a write");
        if (walk.Fault is { } fault)
            context.Console.MarkupLine($"[red bold]fault:[/] [red]{Markup.Escape(fault.ToString())}[/]");
        if (walk.Fault is not null || pages.Disagrees)
            context.Console.MarkupLine($"[red bold]the walk disagrees with the hardware[/] (exit status {Disagrees})");
        else
            context.Output.WriteLine("the walk agrees with the hardware");
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
        var pages = Compare(model, mm, range, real, walkerName, options.Write);
        if (json)
        {
            context.Output.WriteLine(TraceJson.Render(model.Name, real, pages).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return ExitStatus(real, pages);
        }
        context.Output.WriteLine($"{model} / {walkerName} of Linux {kernel.Tree.Version} {range}, {(options.Write ? "write" : "read")}; the model's {counterpart} beside it");
        WriteMaps(context, mm);
        context.Output.WriteLine($"trace of the model's {counterpart}:");
        context.Output.Write(modelWalk.Trace.Render());
        var returned = real.Returned is { } r ? $"returned {r}" : $"went on into slow gup after its fast path took {real.PageCount} pages";
        context.Output.WriteLine($"the kernel's {walkerName} {returned}; references left: {(real.References is { Count: > 0 } refs ? string.Join(", ", refs) : "none")}");
        var table = new Table().AddColumns("pages", "count", walkerName, counterpart, "hardware", "");
        foreach (var p in pages.Runs)
        {
            var modelPfn = modelWalk.PfnAt(p.Va);
            var note = p.Disagrees ? VerdictMarkup(p) : ModelDiffers(modelWalk, p) ? "[red bold]model differs[/]" : p.VerdictText;
            table.AddRow(p.RangeText, p.Pages.ToString(CultureInfo.InvariantCulture), FramesText(p.Pfn, p.Pages), FramesText(modelPfn, p.Pages), FramesText(p.ExpectedPfn, p.Pages, p.HardwareText), note);
        }
        context.Console.Write(table);
        WriteVerdict(context, real, pages);
        return ExitStatus(real, pages);
    }

    /// <summary>True when the model's walk does not find, over the whole run, the frames the kernel's walk found there.</summary>
    private static bool ModelDiffers(WalkResult modelWalk, PageCheck p)
    {
        ulong covered = 0;
        foreach (var run in modelWalk.Pages)
        {
            var shift = modelWalk.Range.PageShift;
            var from = Math.Max(run.Va.Value, p.Va.Value) >> shift;
            var to = Math.Min((run.Va.Value >> shift) + run.Pages, (p.Va.Value >> shift) + p.Pages);
            if (from >= to)
                continue;
            var offset = from - (p.Va.Value >> shift);
            if (p.Pfn is not { } pfn || run.Pfn + (from - (run.Va.Value >> shift)) != pfn + offset)
                return true;
            covered += to - from;
        }
        return p.Pfn is not null && covered != p.Pages;
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
        var page = model.Arch.Geometry.PageSize;
        foreach (var (name, va) in new[] { ("--start", start), ("--end", end) })
            if (!va.IsAligned(page))
                throw new BadInputException($"{name} {va} is not aligned to {model}'s {PageSize.Format(page)} pages");
        return WalkRange.Create(start, end, model.Arch.Geometry.PageShift);
    }

    private static Arch.AddressSpaces.AddressSpace Build(Model model, MapSpec[] maps)
    {
        var mm = model.NewAddressSpace();
        foreach (var map in maps)
        {
            var geometry = model.Arch.Geometry;
            var sizes = model.Arch.HugeSizes.Prepend(geometry.BasePage).ToArray();
            var size = sizes.FirstOrDefault(s => s.Bytes == (map.Size ?? geometry.PageSize));
            if (size.Bytes == 0)
                throw new BadInputException($"--map '{map.Text}': {model} has no {PageSize.Format(map.Size!.Value)} leaf (it has {string.Join(", ", sizes)})");
            try
            {
                mm.Map(map.Va, map.Pfn ?? new Pfn(map.Va.Value >> geometry.PageShift), size, map.Flags);
            }
            catch (ArgumentException e)
            {
                throw new BadInputException($"--map '{map.Text}': {Guard.Problem(e)}");
            }
        }
        return mm;
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
