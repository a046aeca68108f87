using System.CommandLine;
using System.Globalization;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.KernelOracle.Building;

namespace PgtableInvariants.Cli.Parsing;

/// <summary>The typed options the commands share, each with a parser that reports bad input with <c>AddError</c>.</summary>
public static class Options
{
    /// <summary>A repeatable option whose values must be among <paramref name="known"/>.</summary>
    /// <remarks>Each use needs a value: <c>--model</c> or <c>--model=</c> alone would otherwise narrow nothing and run
    /// everything. Naming a value twice names it once.</remarks>
    public static Option<string[]> OneOf(string name, string what, IReadOnlyList<string> known, string description) => new(name)
    {
        Description = description,
        HelpName = what,
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.OneOrMore,
        CustomParser = result =>
        {
            foreach (var token in result.Tokens)
                if (Problem(name, what, token.Value, known) is { } problem)
                    result.AddError(problem);
            return [.. result.Tokens.Select(t => t.Value).Distinct(StringComparer.Ordinal)];
        },
    };

    /// <summary>A required single value among <paramref name="known"/>.</summary>
    public static Option<string> Required(string name, string what, IReadOnlyList<string> known, string description) => new(name)
    {
        Description = description,
        Required = true,
        HelpName = what,
        CustomParser = result =>
        {
            var value = result.Tokens.Single().Value;
            if (Problem(name, what, value, known) is { } problem)
                result.AddError(problem);
            return value;
        },
    };

    /// <summary><c>--era</c> once: the kernel era whose model and walker to use.</summary>
    public static Option<KernelEra?> Era(string description) => new("--era")
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (KernelEra.Find(text) is { } era)
                return era;
            result.AddError(Problem("--era", "era", text, Names.Eras)!);
            return null;
        },
    };

    /// <summary>The smallest page of any model (4K): an address is checked against its own model's page when the
    /// model is known.</summary>
    private const ulong SmallestPage = 1UL << 12;

    public static Option<VirtualAddress> Address(string name, string description) => new(name)
    {
        Description = description,
        Required = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (AddressText.Problem(text, out var value) is { } problem)
                result.AddError($"{name} '{text}' is not an address: {problem}");
            else if ((value & SmallestPage - 1) != 0)
                result.AddError($"{name} {AddressText.Hex(value)} is not page-aligned");
            return new VirtualAddress(value);
        },
    };

    /// <summary>The layout when <c>--stack-layout</c> is not given.</summary>
    public const StackLayout DefaultLayout = StackLayout.CallerCopy;

    /// <summary><c>--stack-layout</c>: null when not given, which means <see cref="DefaultLayout"/>.</summary>
    /// <remarks>Help shows the names <c>list</c> and the trace header print (<see cref="Names.Layouts"/>) and says the
    /// default in them: a default value would show as .NET names it (<c>CallerCopy</c>). The enum's own names are
    /// accepted too, in any case.</remarks>
    public static Option<StackLayout?> Layout() => new("--stack-layout")
    {
        Description = $"What lies next to the walker's stack copies: {string.Join(", ", Names.Layouts.Keys.Select(k => Names.Layouts[k] == DefaultLayout ? k + " (the default)" : k))}.",
        HelpName = string.Join('|', Names.Layouts.Keys),
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Names.Layout(text) is { } layout)
                return layout;
            result.AddError(Problem("--stack-layout", "stack layout", text, [.. Names.Layouts.Keys])!);
            return null;
        },
    };

    /// <summary>The invariants whose cells draw a multiple of the cases asked, for <c>--max-tests</c>' description.</summary>
    private static string ScaledCells =>
        string.Concat(InvariantCatalogue.All.Where(i => i.CasesPerAskedCase > 1).Select(i => $"; {i.Id} draws {i.CasesPerAskedCase} times as many"));

    /// <summary>The most cases per cell <c>--max-tests</c> accepts.</summary>
    public const int MostTests = 1_000_000;

    public static Option<int> MaxTests() => new("--max-tests")
    {
        Description = $"Cases per cell, a whole number from 1 to {MostTests}{ScaledCells}.",
        HelpName = "n",
        DefaultValueFactory = _ => RunConfig.DefaultMaxTests,
        CustomParser = result =>
        {
            // ASCII digits only: no sign, exponent, separator or other script's digits.
            var text = result.Tokens.Single().Value;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > MostTests)
                result.AddError($"--max-tests '{Names.Shown(text)}' is not a whole number from 1 to {MostTests}");
            return n;
        },
    };

    public static Option<Seed?> Replay() => new("--replay")
    {
        Description = "Replay seed as printed by a run: (seed,gamma).",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Seed.TryParse(text, out var seed))
                return seed;
            result.AddError($"--replay '{Names.Shown(text)}' is not a seed of the form (seed,gamma) with an odd gamma");
            return null;
        },
    };

    /// <summary><c>--kernel-tree DIR</c>: a kernel source tree whose own code runs as oracle and walker.</summary>
    public static Option<string?> KernelTree() => new("--kernel-tree")
    {
        Description = "A kernel source tree (5.8 or later): build its own gup_fast, pagewalk and helpers and check them too.",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (text.Trim().Length == 0)
                result.AddError("--kernel-tree '' is empty: pass the directory of a kernel source tree");
            return text;
        },
    };

    /// <summary><c>--arch</c>: the architecture to build a kernel tree's code for.</summary>
    public static Option<string?> Arch() => new("--arch")
    {
        Description = $"The architecture whose code is built from --kernel-tree: {string.Join(" or ", OracleTarget.Architectures)}.",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Problem("--arch", "architecture", text, OracleTarget.Architectures) is { } problem)
                result.AddError(problem);
            return text;
        },
    };

    /// <summary><c>--svg FILE</c>: where to write the picture; the file itself is checked when it is written.</summary>
    public static Option<FileInfo?> Svg() => new("--svg")
    {
        Description = "Write an SVG picture of the walk to this file.",
        HelpName = "file",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (text.Trim().Length == 0)
                result.AddError("--svg '' is empty: pass the name of the file to write");
            else if (Directory.Exists(text))
                result.AddError($"--svg {Names.Shown(text)} is a directory: pass the name of the file to write");
            else
                return new FileInfo(text);
            return null;
        },
    };

    /// <summary>What is wrong with <paramref name="value"/> as one of <paramref name="known"/>, or null.</summary>
    private static string? Problem(string name, string what, string value, IReadOnlyList<string> known) =>
        known.Contains(value) ? null
        : value.Trim().Length == 0 ? $"{name} needs a value: the {what}, one of: {string.Join(", ", known)}"
        : Names.Unknown(what, value, known);

    /// <summary>A flag: present or absent, with no value (<c>--json=false</c> is refused, not read as a boolean).</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description, Arity = ArgumentArity.Zero };

    public static Option<bool> Json() => Flag("--json", "Print one JSON object and nothing else on stdout.");
}
