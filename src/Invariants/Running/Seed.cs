using System.Globalization;
using System.Text;

namespace PgtableInvariants.Invariants.Running;

/// <summary>The replay seed of a run, FsCheck's <c>(seed,gamma)</c>: the same seed gives the same cases, the same
/// counterexample and the same trace.</summary>
public readonly record struct Seed(ulong Value, ulong Gamma)
{
    /// <summary>A stable seed for one cell, so a default run is the same on every machine.</summary>
    public static Seed For(string invariant, string model, string? walker)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes($"{invariant}|{model}|{walker}"))
            hash = unchecked((hash ^ b) * 1099511628211UL);
        return new Seed(hash, Mix(hash) | 1);
    }

    /// <summary>A fresh seed, for soak runs.</summary>
    public static Seed Random() => new((ulong)System.Random.Shared.NextInt64(), (ulong)System.Random.Shared.NextInt64() | 1);

    /// <summary>Parses <c>(seed,gamma)</c> as FsCheck prints it, or <c>seed,gamma</c>; unbalanced or doubled
    /// parentheses are refused, as a sign of a seed cut or pasted wrong.</summary>
    public static bool TryParse(string text, out Seed seed)
    {
        seed = default;
        var trimmed = text.Trim();
        var inParentheses = trimmed.StartsWith('(') && trimmed.EndsWith(')') && trimmed.Length >= 2;
        var inner = inParentheses ? trimmed[1..^1] : trimmed;
        var parts = inner.Split(',');
        if (inner.Contains('(', StringComparison.Ordinal) || inner.Contains(')', StringComparison.Ordinal) || parts.Length != 2
            || !ulong.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || !ulong.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var gamma)
            || gamma % 2 == 0)
            return false;
        seed = new Seed(value, gamma);
        return true;
    }

    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94d049bb133111ebUL);
        return z ^ (z >> 31);
    }

    public override string ToString() => $"({Value},{Gamma})";
}
