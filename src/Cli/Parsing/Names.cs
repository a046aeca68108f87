using System.Globalization;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers;

namespace PgtableInvariants.Cli.Parsing;

/// <summary>The identifiers every option accepts, as <c>list</c> shows them.</summary>
public static class Names
{
    /// <summary>Every model's name, then each configuration's name that is not also a model's (a configuration
    /// modelled from v5.8 is named like its v5.8 model, <c>s390/3level</c>; <c>arm64/4k/48</c> names its eras' models).</summary>
    public static IReadOnlyList<string> Models { get; } =
        [.. ModelCatalogue.All.Select(m => m.Name), .. ModelCatalogue.Configs.Except(ModelCatalogue.All.Select(m => m.Name))];

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

    /// <summary>The layout <paramref name="text"/> names: a name of <see cref="Layouts"/> or the enum's own name
    /// (<c>CallerCopy</c>), in any case; null when it names none.</summary>
    public static StackLayout? Layout(string text) =>
        Layouts.FirstOrDefault(l => string.Equals(l.Key, text, StringComparison.OrdinalIgnoreCase)
            || string.Equals(l.Value.ToString(), text, StringComparison.OrdinalIgnoreCase)) is { Key: not null } found ? found.Value : null;

    /// <summary>"unknown model 'x' (one of: …)".</summary>
    public static string Unknown(string what, string value, IEnumerable<string> known) =>
        $"unknown {what} '{Shown(value)}' (one of: {string.Join(", ", known)})";

    /// <summary>The longest user-given value a message repeats whole.</summary>
    private const int ShownUpTo = 80;

    /// <summary>A user-given value as a message quotes it: on one line (control characters, newlines included, as
    /// <c>\n</c> or <c>\u001b</c>, so no argument can break the one-line rule or drive the terminal), and a value
    /// longer than <see cref="ShownUpTo"/> characters as its start and how much was left out.</summary>
    public static string Shown(string value)
    {
        var escaped = OneLine(value);
        return escaped.Length <= ShownUpTo ? escaped : $"{escaped[..(ShownUpTo - 20)]}… ({escaped.Length} characters in all)";
    }

    /// <summary><paramref name="text"/> with its control characters escaped, so it prints as one line.</summary>
    public static string OneLine(string text) =>
        string.Concat(text.Select(c => c switch
        {
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            _ when char.IsControl(c) || c is '\u2028' or '\u2029' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            _ => c.ToString(),
        }));
}
