namespace PgtableInvariants.Arch.Levels;

/// <summary>The five levels' geometry of one configuration.</summary>
/// <remarks>Built through <see cref="Create"/>, which checks what <c>include/linux/pgtable.h</c> checks with
/// <c>#error</c>: a folded level keeps one pointer per table and its parent's shift.</remarks>
public sealed class Geometry
{
    private readonly LevelGeometry[] levels;

    private Geometry(LevelGeometry[] levels, int entrySize) => (this.levels, EntrySize) = (levels, entrySize);

    /// <summary><c>sizeof(pte_t)</c>, the size of every level's entries: 4 on i386 without PAE, 8 elsewhere.</summary>
    public int EntrySize { get; }

    /// <summary><c>(pXd_t *)address</c>: a pointer of this configuration's entry type.</summary>
    public Entries.EntryPointer Pointer(Level level, ulong address) => new(level, address, EntrySize);

    /// <summary><c>PAGE_SHIFT</c>: the pte level's shift (12, or 14 and 16 for arm64's 16K and 64K granules).</summary>
    public int PageShift => levels[(int)Level.Pte].Shift;

    /// <summary><c>PAGE_SIZE</c>.</summary>
    public ulong PageSize => 1UL << PageShift;

    /// <summary>One base page, mapped by a pte.</summary>
    public Entries.PageSize BasePage => Leaf(Level.Pte);

    /// <summary>The mapping one leaf of <paramref name="level"/> makes: <c>PAGE_SIZE</c>, <c>PMD_SIZE</c>, <c>PUD_SIZE</c>.</summary>
    public Entries.PageSize Leaf(Level level) => new(level, this[level].Size, PageShift);

    /// <summary>Geometry of <paramref name="level"/>.</summary>
    public LevelGeometry this[Level level] => levels[(int)level];

    /// <summary>All five levels, top to bottom.</summary>
    public IReadOnlyList<LevelGeometry> Levels => levels;

    /// <summary>Number of levels that are not folded.</summary>
    public int RealLevels => levels.Count(l => !l.IsFolded);

    /// <summary>Builds a geometry from (shift, ptrs per, fold) for pgd, p4d, pud, pmd, and the pte level's entries and
    /// <c>PAGE_SHIFT</c>, with entries of <paramref name="entrySize"/> bytes.</summary>
    public static Geometry Create(
        (int Shift, int PtrsPer, FoldKind Fold) pgd,
        (int Shift, int PtrsPer, FoldKind Fold) p4d,
        (int Shift, int PtrsPer, FoldKind Fold) pud,
        (int Shift, int PtrsPer, FoldKind Fold) pmd,
        int ptrsPerPte,
        int pageShift,
        int entrySize = Entries.EntryPointer.Bytes64)
    {
        Guard.Argument(entrySize is 4 or 8, nameof(entrySize), $"entries are 4 or 8 bytes, not {entrySize}");
        var levels = new[]
        {
            new LevelGeometry(Level.Pgd, pgd.Shift, pgd.PtrsPer, pgd.Fold),
            new LevelGeometry(Level.P4d, p4d.Shift, p4d.PtrsPer, p4d.Fold),
            new LevelGeometry(Level.Pud, pud.Shift, pud.PtrsPer, pud.Fold),
            new LevelGeometry(Level.Pmd, pmd.Shift, pmd.PtrsPer, pmd.Fold),
            new LevelGeometry(Level.Pte, pageShift, ptrsPerPte, FoldKind.None),
        };
        Guard.State(levels[0].Fold == FoldKind.None, "pgd cannot be folded");
        foreach (var l in levels)
        {
            Guard.State(l.PtrsPer > 0 && (l.PtrsPer & (l.PtrsPer - 1)) == 0, $"{l.Level.Name()}: PTRS_PER must be a power of two");
            if (l.Fold == FoldKind.None)
                continue;
            var parent = levels[(int)l.Level - 1];
            if (l.Fold != FoldKind.Static)
                continue;
            Guard.State(l.PtrsPer == 1, $"{l.Level.Name()}: a statically folded level has PTRS_PER 1");
            Guard.State(l.Shift == parent.Shift, $"{l.Level.Name()}: a statically folded level has its parent's SHIFT");
        }
        return new Geometry(levels, entrySize);
    }
}
