namespace PgtableInvariants.Arch.Architectures.Nop;

/// <summary>The entry format of the generic models: RISC-V's, arch/riscv/include/asm/pgtable-bits.h (5.8), the
/// architecture whose 5.8 port folds with <c>pgtable-nopud.h</c>.</summary>
/// <remarks>Entries are 64 bits in every generic model, the 2-level one included (Sv32 itself has 32-bit entries).</remarks>
public static class RiscvBits
{
    public const ulong Present = 1UL << 0;
    public const ulong Read = 1UL << 1;
    public const ulong Write = 1UL << 2;
    public const ulong Exec = 1UL << 3;
    public const ulong User = 1UL << 4;
    public const ulong Global = 1UL << 5;
    public const ulong Accessed = 1UL << 6;
    public const ulong Dirty = 1UL << 7;

    /// <summary><c>_PAGE_SPECIAL = _PAGE_SOFT</c>.</summary>
    public const ulong Special = 1UL << 8;

    /// <summary><c>_PAGE_TABLE = _PAGE_PRESENT</c>: a table entry has no R, W or X.</summary>
    public const ulong Table = Present;

    /// <summary><c>_PAGE_PROT_NONE = _PAGE_READ</c>.</summary>
    public const ulong ProtNone = Read;

    /// <summary><c>_PAGE_LEAF</c>: any of R, W, X makes an entry a leaf.</summary>
    public const ulong Leaf = Read | Write | Exec;

    /// <summary><c>_PAGE_PFN_SHIFT</c>: the PPN starts at bit 10.</summary>
    public const int PfnShift = 10;

    /// <summary>Sv39/Sv48 PPN width: 44 bits.</summary>
    public const int PpnBits = 44;

    /// <summary><c>_PAGE_BASE</c>.</summary>
    public const ulong Base = Present | Accessed | User;

    public const ulong PageNone = ProtNone;
    public const ulong PageRead = Base | Read;
    public const ulong PageWrite = Base | Read | Write;
    public const ulong PageExec = Base | Exec;
    public const ulong PageReadExec = Base | Read | Exec;
    public const ulong PageWriteExec = Base | Read | Write | Exec;
}
