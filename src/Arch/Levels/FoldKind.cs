namespace PgtableInvariants.Arch.Levels;

/// <summary>How a level is folded away, if it is.</summary>
public enum FoldKind
{
    /// <summary>A real table level.</summary>
    None,

    /// <summary>Folded at compile time by <c>asm-generic/pgtable-nop{4d,ud,md}.h</c>:
    /// <c>PTRS_PER = 1</c>, <c>pXd_offset</c> returns its argument, <c>pXd_addr_end</c> returns <c>end</c>.</summary>
    Static,

    /// <summary>Folded at boot (x86-64 LA57 kernel on a 4-level CPU, c65e774fb3f6): the offset helper returns its
    /// argument, but <c>pXd_addr_end</c> is the generic formula, kept safe by a SHIFT equal to the parent's.</summary>
    Runtime,

    /// <summary>Folded at boot by re-indexing the parent's page (arm64 without LPA2, 6.9: <c>p4d_to_folded_pud</c>,
    /// <c>pgd_to_folded_p4d</c>): SHIFT and PTRS_PER stay the level's own, the parent's index is 0 for every user address,
    /// and the offset helper aligns the parent pointer down to its page and adds this level's index, so the parent
    /// table is the hardware's table of this level.</summary>
    RuntimeInParentPage,
}
