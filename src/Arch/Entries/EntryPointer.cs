using System.Globalization;
using PgtableInvariants.Arch.Levels;

namespace PgtableInvariants.Arch.Entries;

/// <summary>A simulated <c>pXd_t *</c>: a level and an entry size (the C type: <c>sizeof(pte_t)</c> is 4 on i386
/// without PAE, 8 elsewhere) and an address, nothing else.</summary>
/// <remarks>Memory decides what it points into, so <c>p++</c> can leave a table or a stack copy without the
/// pointer knowing, just as in C. Arithmetic wraps modulo 2^64. Two pointers are equal only with the same type.</remarks>
public readonly record struct EntryPointer(Level Level, ulong Address, int EntrySize)
{
    /// <summary><c>sizeof(pXd_t)</c> of every 64-bit architecture modelled, and of x86 PAE.</summary>
    public const int Bytes64 = 8;

    /// <summary>A pointer to a 64-bit entry.</summary>
    public EntryPointer(Level level, ulong address)
        : this(level, address, Bytes64)
    {
    }

    /// <summary><c>p++</c>: the next entry, <see cref="EntrySize"/> bytes on.</summary>
    public static EntryPointer operator ++(EntryPointer p) => p with { Address = unchecked(p.Address + (ulong)p.EntrySize) };

    /// <summary><c>p + n</c>.</summary>
    public static EntryPointer operator +(EntryPointer p, int n) =>
        p with { Address = unchecked(p.Address + (ulong)(long)n * (ulong)p.EntrySize) };

    /// <summary>A C cast to another level's pointer type (<c>(pud_t *)p4dp</c>): same address, same entry size (every
    /// level of one configuration has entries of one size).</summary>
    public EntryPointer As(Level level) => this with { Level = level };

    public override string ToString() => $"{Level.Name()}p {Address.ToString("x16", CultureInfo.InvariantCulture)}";
}
