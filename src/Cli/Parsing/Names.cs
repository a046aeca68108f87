using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Walkers;

namespace PgtableInvariants.Cli.Parsing;

/// <summary>The identifiers every option accepts, as <c>list</c> shows them.</summary>
public static class Names
{
    public static IReadOnlyList<string> Models { get; } = [.. ModelCatalogue.All.Select(m => m.Name)];

    public static IReadOnlyList<string> Walkers => WalkerCatalogue.Names;

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
