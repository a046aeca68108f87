namespace PgtableInvariants.Arch.Levels;

/// <summary>A page-table level in Linux's five-level naming, top to bottom.</summary>
/// <remarks>An architecture with fewer hardware levels folds some of them; the names stay.</remarks>
public enum Level
{
    Pgd = 0,
    P4d = 1,
    Pud = 2,
    Pmd = 3,
    Pte = 4,
}
