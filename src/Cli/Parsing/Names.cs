using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers;

namespace PgtableInvariants.Cli.Parsing;

/// <summary>The identifiers every option accepts, as <c>list</c> shows them.</summary>
public static class Names
{
    /// <summary>Every model's name; the v5.8 ones are also the configurations' names (<c>s390/3level</c>).</summary>
    public static IReadOnlyList<string> Models { get; } = [.. ModelCatalogue.All.Select(m => m.Name)];

    /// <summary>The model's walkers, the kinds of walk (<c>gup-fast</c>, which needs an era to pick one), and the
    /// kernel's walkers (<c>kernel/…</c>, which need <c>--kernel-tree</c>).</summary>
    public static IReadOnlyList<string> Walkers { get; } = [.. WalkerCatalogue.Names.Union(WalkerCatalogue.Kinds), .. KernelWalker.Names];

    public static IReadOnlyList<string> Eras { get; } = [.. KernelEra.All.Select(e => e.Name)];

    public static IReadOnlyList<string> Invariants { get; } = [.. InvariantCatalogue.All.Select(i => i.Id)];

    public static IReadOnlyDictionary<string, StackLayout> Layouts { get; } = new Dictionary<string, StackLayout>
    {
        ["caller-copy"] = StackLayout.CallerCopy,
        ["redzone"] = StackLayout.RedZone,
        ["zero"] = StackLayout.Zero,
    };

    /// <summary>The command-line name of a layout.</summary>
    public static string Of(StackLayout layout) => Layouts.First(l => l.Value == layout).Key;

    /// <summary>"unknown model 'x' (one of: …)".</summary>
    public static string Unknown(string what, string value, IEnumerable<string> known) =>
        $"unknown {what} '{value}' (one of: {string.Join(", ", known)})";
}
