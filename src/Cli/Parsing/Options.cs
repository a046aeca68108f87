using System.CommandLine;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.KernelOracle.Building;

namespace PgtableInvariants.Cli.Parsing;

/// <summary>The typed options the commands share, each with a parser that reports bad input with <c>AddError</c>.</summary>
public static class Options
{
    /// <summary>A repeatable option whose values must be among <paramref name="known"/>.</summary>
    public static Option<string[]> OneOf(string name, string what, IReadOnlyList<string> known, string description) => new(name)
    {
        Description = description,
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
        CustomParser = result =>
        {
            foreach (var token in result.Tokens)
                if (!known.Contains(token.Value))
                    result.AddError(Names.Unknown(what, token.Value, known));
            return [.. result.Tokens.Select(t => t.Value)];
        },
    };

    /// <summary>A required single value among <paramref name="known"/>.</summary>
    public static Option<string> Required(string name, string what, IReadOnlyList<string> known, string description) => new(name)
    {
        Description = description,
        Required = true,
        CustomParser = result =>
        {
            var value = result.Tokens.Single().Value;
            if (!known.Contains(value))
                result.AddError(Names.Unknown(what, value, known));
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
            result.AddError(Names.Unknown("era", text, Names.Eras));
            return null;
        },
    };

    public static Option<VirtualAddress> Address(string name, string description) => new(name)
    {
        Description = description,
        Required = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (AddressText.Problem(text, out var value) is { } problem)
                result.AddError($"{name} '{text}' is not an address: {problem}");
            else if ((value & (Geometry.PageSize - 1)) != 0)
                result.AddError($"{name} {AddressText.Hex(value)} is not page-aligned");
            return new VirtualAddress(value);
        },
    };

    public static Option<StackLayout> Layout() => new("--stack-layout")
    {
        Description = "What lies next to the walker's stack copies: caller-copy, redzone or zero.",
        DefaultValueFactory = _ => StackLayout.CallerCopy,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Names.Layouts.TryGetValue(text, out var layout))
                return layout;
            result.AddError(Names.Unknown("stack layout", text, Names.Layouts.Keys));
            return StackLayout.CallerCopy;
        },
    };

    public static Option<int> MaxTests() => new("--max-tests")
    {
        Description = $"Cases per cell (default {RunConfig.DefaultMaxTests}, at most 1000000).",
        DefaultValueFactory = _ => RunConfig.DefaultMaxTests,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (!int.TryParse(text, out var n) || n < 1 || n > 1_000_000)
                result.AddError($"--max-tests '{text}' is not a whole number from 1 to 1000000");
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
            result.AddError($"--replay '{text}' is not a seed of the form (seed,gamma) with an odd gamma");
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
            if (!OracleTarget.Architectures.Contains(text))
                result.AddError(Names.Unknown("architecture", text, OracleTarget.Architectures));
            return text;
        },
    };

    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object and nothing else on stdout." };
}
