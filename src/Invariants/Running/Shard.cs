using System.Globalization;
using PgtableInvariants.Arch;

namespace PgtableInvariants.Invariants.Running;

/// <summary>Shard <c>K/N</c> of a run: every cell, but only the cases whose number is <c>K - 1</c> modulo <c>N</c>.
/// FsCheck draws case <c>i</c> of a cell from the cell's seed and <c>i</c> alone, so a shard still generates every
/// case (cheap: a plan of mappings) and evaluates only its own; the first failing case it meets is shrunk as in an
/// unsharded run, so the shard whose failing case comes first reports the unsharded run's counterexample.</summary>
/// <remarks>Interleaving rather than cutting the cases in blocks balances the shards: later cases are larger.</remarks>
public readonly record struct Shard
{
    /// <summary>Shard <paramref name="index"/> of <paramref name="count"/>, from 1.</summary>
    public Shard(int index, int count)
    {
        Guard.Argument(count >= 1, nameof(count), $"{count} shards: there must be at least one");
        Guard.Argument(index >= 1 && index <= count, nameof(index), $"shard {index} of {count}: K must be from 1 to N");
        Index = index;
        Count = count;
    }

    /// <summary>K, from 1.</summary>
    public int Index { get; }

    /// <summary>N, at least 1.</summary>
    public int Count { get; }

    /// <summary>True when case <paramref name="number"/> (from 0) is this shard's to evaluate.</summary>
    public bool Evaluates(int number) => number % Count == Index - 1;

    /// <summary>Parses <c>K/N</c> with <c>1 &lt;= K &lt;= N</c>; <paramref name="problem"/> says what is wrong otherwise.</summary>
    public static bool TryParse(string text, out Shard shard, out string problem)
    {
        shard = default;
        var parts = text.Split('/');
        if (parts.Length != 2 || !IsNumber(parts[0]) || !IsNumber(parts[1]))
        {
            problem = "is not of the form K/N (two whole numbers, e.g. 2/4)";
            return false;
        }
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            problem = $"has a number above {int.MaxValue}";
            return false;
        }
        if (count < 1)
        {
            problem = "has N = 0: there must be at least one shard";
            return false;
        }
        if (index < 1 || index > count)
        {
            problem = $"has K = {index}: K must be from 1 to N ({count})";
            return false;
        }
        shard = new Shard(index, count);
        problem = "";
        return true;
    }

    // ASCII digits only: int.Parse would accept neither signs here nor other scripts' digits, but say so plainly.
    private static bool IsNumber(string part) => part.Length > 0 && part.All(char.IsAsciiDigit);

    public override string ToString() => $"{Index}/{Count}";
}
