namespace PgtableInvariants.Arch.Architectures.Nop;

/// <summary>The generic models: how many levels are real, the rest folded by the nop headers.</summary>
public enum NopLevels
{
    /// <summary>pgd/pte, 10+10+12 (a 32-bit layout): p4d, pud and pmd folded (<c>pgtable-nopmd.h</c>).</summary>
    Two = 2,

    /// <summary>pgd/pmd/pte, 9+9+9+12: p4d and pud folded (<c>pgtable-nopud.h</c>, riscv sv39 in 5.8).</summary>
    Three = 3,

    /// <summary>pgd/pud/pmd/pte, 9+9+9+9+12: p4d folded (<c>pgtable-nop4d.h</c>).</summary>
    Four = 4,
}
