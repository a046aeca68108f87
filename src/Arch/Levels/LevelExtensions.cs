namespace PgtableInvariants.Arch.Levels;

/// <summary>Kernel names and neighbours of a <see cref="Level"/>.</summary>
public static class LevelExtensions
{
    /// <summary>All levels, top to bottom.</summary>
    public static IReadOnlyList<Level> TopDown { get; } = [Level.Pgd, Level.P4d, Level.Pud, Level.Pmd, Level.Pte];

    /// <summary>The kernel's lower-case name: <c>pgd</c>, <c>p4d</c>, <c>pud</c>, <c>pmd</c>, <c>pte</c>.</summary>
    public static string Name(this Level level) => level switch
    {
        Level.Pgd => "pgd",
        Level.P4d => "p4d",
        Level.Pud => "pud",
        Level.Pmd => "pmd",
        Level.Pte => "pte",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>The level below: the table an entry of this level points to.</summary>
    public static Level Child(this Level level)
    {
        Guard.Argument(level != Level.Pte, nameof(level), "pte has no child level");
        return level + 1;
    }

    /// <summary>The level above.</summary>
    public static Level Parent(this Level level)
    {
        Guard.Argument(level != Level.Pgd, nameof(level), "pgd has no parent level");
        return level - 1;
    }
}
