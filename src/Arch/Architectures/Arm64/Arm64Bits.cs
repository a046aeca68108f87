namespace PgtableInvariants.Arch.Architectures.Arm64;

/// <summary>Descriptor bits of arch/arm64/include/asm/pgtable-hwdef.h and pgtable-prot.h (6.8–6.12).</summary>
internal static class Arm64Bits
{
    /// <summary><c>PTE_VALID</c>, bit 0 of every descriptor.</summary>
    public const ulong Valid = 1UL << 0;

    /// <summary><c>PTE_TABLE_BIT</c>/<c>PMD_TABLE_BIT</c>: table (or page at level 3) rather than block.</summary>
    public const ulong TableBit = 1UL << 1;

    /// <summary><c>PMD_TYPE_MASK</c>, <c>PMD_TYPE_TABLE</c> (= <c>PTE_TYPE_PAGE</c>), <c>PMD_TYPE_SECT</c>.</summary>
    public const ulong TypeMask = 3, TypeTable = 3, TypeSect = 1;

    /// <summary><c>PTE_USER</c> (AP[1]) and <c>PTE_RDONLY</c> (AP[2]).</summary>
    public const ulong User = 1UL << 6, Rdonly = 1UL << 7;

    /// <summary><c>PTE_SHARED</c>: SH, inner shareable; address bits 51:50 under LPA2.</summary>
    public const ulong Shared = 3UL << 8;

    /// <summary><c>PTE_AF</c> and <c>PTE_NG</c>; from 6.10 <c>PTE_PRESENT_INVALID</c> is <c>PTE_NG</c> on an invalid entry.</summary>
    public const ulong Af = 1UL << 10, Ng = 1UL << 11;

    /// <summary><c>PTE_DBM</c>, which is <c>PTE_WRITE</c>.</summary>
    public const ulong Write = 1UL << 51;

    /// <summary><c>PTE_CONT</c>: one of a run of contiguous entries the TLB may cache as one.</summary>
    public const ulong Cont = 1UL << 52;

    /// <summary><c>PTE_PXN</c>, <c>PTE_UXN</c>.</summary>
    public const ulong Pxn = 1UL << 53, Uxn = 1UL << 54;

    /// <summary>Software bits: <c>PTE_DIRTY</c>, <c>PTE_SPECIAL</c>, <c>PTE_DEVMAP</c>.</summary>
    public const ulong Dirty = 1UL << 55, Special = 1UL << 56, Devmap = 1UL << 57;

    /// <summary>Before 6.10: <c>PTE_PROT_NONE</c> (only when !VALID) and <c>PMD_PRESENT_INVALID</c>.</summary>
    public const ulong ProtNoneV6_8 = 1UL << 58, PmdPresentInvalidV6_8 = 1UL << 59;

    /// <summary><c>PMD_TABLE_PXN</c> (= <c>PUD_TABLE_PXN</c>, <c>P4D_TABLE_PXN</c>, <c>PGD_TABLE_PXN</c>): what
    /// <c>pXd_populate</c> of a user table adds.</summary>
    public const ulong TablePxn = 1UL << 59;
}
