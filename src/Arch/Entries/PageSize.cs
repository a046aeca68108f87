namespace PgtableInvariants.Arch.Entries;

/// <summary>The size of one mapping, the level whose entry maps it, and the <c>PAGE_SHIFT</c> its frames are counted
/// in: a base page mapped by a pte, or a huge leaf.</summary>
/// <remarks>Made by <see cref="Levels.Geometry.Leaf"/>: a pfn counts pages of the configuration's own size (4K, or
/// arm64's 16K and 64K), so a size knows which.</remarks>
public readonly record struct PageSize(Levels.Level Level, ulong Bytes, int PageShift)
{
    /// <summary>True for a huge leaf (pmd or pud level).</summary>
    public bool IsHuge => Level != Levels.Level.Pte;

    /// <summary>Number of base pages (pfns) it spans.</summary>
    public ulong Frames => Bytes >> PageShift;

    /// <summary>Short kernel-style size: 4K, 16K, 1M, 2M, 32M, 512M, 1G, 2G, 64G.</summary>
    public override string ToString() => Format(Bytes);

    /// <summary>A size in bytes as the kernel writes it: the largest unit that divides it.</summary>
    public static string Format(ulong bytes) => bytes switch
    {
        >= 1UL << 30 when bytes % (1UL << 30) == 0 => $"{bytes >> 30}G",
        >= 1UL << 20 when bytes % (1UL << 20) == 0 => $"{bytes >> 20}M",
        _ => $"{bytes >> 10}K",
    };
}
