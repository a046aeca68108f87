using System.Globalization;
using PgtableInvariants.Arch.Levels;

namespace PgtableInvariants.Arch.Entries;

/// <summary>A simulated <c>pXd_t *</c>: a level (the C type) and an address, nothing else.</summary>
/// <remarks>Memory decides what it points into, so <c>p++</c> can leave a table or a stack copy without the
/// pointer knowing, just as in C. Arithmetic wraps modulo 2^64.</remarks>
public readonly record struct EntryPointer(Level Level, ulong Address)
{
    /// <summary><c>sizeof(pXd_t)</c>: every modelled architecture has 64-bit entries.</summary>
    public const ulong EntrySize = 8;

    /// <summary><c>p++</c>.</summary>
    public static EntryPointer operator ++(EntryPointer p) => p with { Address = unchecked(p.Address + EntrySize) };

    /// <summary><c>p + n</c>.</summary>
    public static EntryPointer operator +(EntryPointer p, int n) =>
        p with { Address = unchecked(p.Address + (ulong)(long)n * EntrySize) };

    /// <summary>A C cast to another level's pointer type (<c>(pud_t *)p4dp</c>): same address.</summary>
    public EntryPointer As(Level level) => new(level, Address);

    public override string ToString() => $"{Level.Name()}p {Address.ToString("x16", CultureInfo.InvariantCulture)}";
}
