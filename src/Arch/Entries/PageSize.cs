using PgtableInvariants.Arch.Levels;

namespace PgtableInvariants.Arch.Entries;

/// <summary>The size of one mapping and the level whose entry maps it: a 4 KiB pte or a huge leaf.</summary>
public readonly record struct PageSize(Level Level, ulong Bytes)
{
    /// <summary>A 4 KiB page mapped by a pte.</summary>
    public static PageSize Base { get; } = new(Level.Pte, Geometry.PageSize);

    /// <summary>True for a huge leaf (pmd or pud level).</summary>
    public bool IsHuge => Level != Level.Pte;

    /// <summary>Number of 4 KiB frames.</summary>
    public ulong Frames => Bytes >> Geometry.PageShift;

    /// <summary>Short kernel-style size: 4K, 1M, 2M, 1G, 2G.</summary>
    public override string ToString() => Bytes switch
    {
        >= 1UL << 30 => $"{Bytes >> 30}G",
        >= 1UL << 20 => $"{Bytes >> 20}M",
        _ => $"{Bytes >> 10}K",
    };
}
