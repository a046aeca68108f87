namespace PgtableInvariants.Arch.Architectures.Riscv;

/// <summary>The riscv64 entry format of arch/riscv/include/asm/pgtable-bits.h and pgtable-64.h (5.18–6.12): the
/// privileged specification's PTE, with the PPN from bit 10 and Linux's software bits in RSW.</summary>
internal static class RiscvPteBits
{
    /// <summary><c>_PAGE_PRESENT</c>: V.</summary>
    public const ulong Present = 1UL << 0;

    /// <summary><c>_PAGE_READ</c>, <c>_PAGE_WRITE</c>, <c>_PAGE_EXEC</c>: R, W, X.</summary>
    public const ulong Read = 1UL << 1, Write = 1UL << 2, Exec = 1UL << 3;

    /// <summary><c>_PAGE_USER</c>: U.</summary>
    public const ulong User = 1UL << 4;

    /// <summary><c>_PAGE_GLOBAL</c>: G.</summary>
    public const ulong Global = 1UL << 5;

    /// <summary><c>_PAGE_ACCESSED</c>, <c>_PAGE_DIRTY</c>: A, D.</summary>
    public const ulong Accessed = 1UL << 6, Dirty = 1UL << 7;

    /// <summary><c>_PAGE_SPECIAL</c>: RSW bit 8 (<c>_PAGE_SOFT</c> until 6.1, <c>_PAGE_SOFT</c> being both RSW bits in 6.12).</summary>
    public const ulong Special = 1UL << 8;

    /// <summary><c>_PAGE_DEVMAP</c>: RSW bit 9, 6.12 (ARCH_HAS_PTE_DEVMAP).</summary>
    public const ulong DevmapV6_12 = 1UL << 9;

    /// <summary><c>_PAGE_NAPOT</c>: bit 63, N of Svnapot (in the 6.12 headers, not 6.1's: a pte of a naturally aligned power-of-two run).</summary>
    public const ulong Napot = 1UL << 63;

    /// <summary><c>_PAGE_PROT_NONE = _PAGE_GLOBAL</c> in every era modelled ("riscv/mm: Adjust PAGE_PROT_NONE to comply
    /// with THP semantics", 5.17): meaningful only on an entry without V, which the hardware ignores.</summary>
    public const ulong ProtNone = Global;

    /// <summary><c>_PAGE_TABLE = _PAGE_PRESENT</c>: a table entry is V alone.</summary>
    public const ulong Table = Present;

    /// <summary><c>_PAGE_LEAF</c>: any of R, W, X makes an entry a leaf.</summary>
    public const ulong Leaf = Read | Write | Exec;

    /// <summary><c>_PAGE_PFN_SHIFT</c>.</summary>
    public const int PfnShift = 10;

    /// <summary><c>_PAGE_PFN_MASK = GENMASK(53, 10)</c> (6.1+): the 44-bit PPN.</summary>
    public const ulong PfnMask = ((1UL << 44) - 1) << PfnShift;

    /// <summary><c>_PAGE_BASE</c>: every user protection is valid, young and user.</summary>
    public const ulong Base = Present | Accessed | User;

    /// <summary><c>PAGE_NONE = _PAGE_PROT_NONE | _PAGE_READ</c>: not valid, so the hardware faults, yet <c>pte_present</c>.</summary>
    public const ulong PageNone = ProtNone | Read;

    public const ulong PageRead = Base | Read;
    public const ulong PageWrite = Base | Read | Write;
    public const ulong PageExec = Base | Exec;
    public const ulong PageReadExec = Base | Read | Exec;
    public const ulong PageWriteExec = Base | Read | Write | Exec;
}
