using System.Globalization;
using PgtableInvariants.Arch.Levels;

namespace PgtableInvariants.Arch.Entries;

/// <summary>A page-table entry value (<c>pgd_t</c> … <c>pte_t</c>) as read from memory.</summary>
/// <remarks>Only a value: it does not know where it was read from. Keep it apart from <see cref="EntryPointer"/>;
/// the s390 gup_fast bug came from a pointer to a copy of a value.</remarks>
public readonly record struct Entry(Level Level, ulong Raw)
{
    /// <summary>The same bits viewed as another level's type, as a C cast of a folded entry does.</summary>
    public Entry As(Level level) => new(level, Raw);

    /// <summary>The entry with <paramref name="bits"/> set.</summary>
    public Entry Set(ulong bits) => this with { Raw = Raw | bits };

    /// <summary>The entry with <paramref name="bits"/> cleared.</summary>
    public Entry Clear(ulong bits) => this with { Raw = Raw & ~bits };

    /// <summary>True when any of <paramref name="bits"/> is set.</summary>
    public bool Has(ulong bits) => (Raw & bits) != 0;

    public override string ToString() => $"{Level.Name()} 0x{Raw.ToString("x", CultureInfo.InvariantCulture)}";
}
