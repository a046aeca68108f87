namespace PgtableInvariants.Arch.Architectures.X86;

/// <summary>x86 entry bits, arch/x86/include/asm/pgtable_types.h of 5.8 to 6.12: x86-64's, of which i386 without PAE
/// keeps the low 32 (no NX, no bits above 31).</summary>
/// <remarks>Only the software bits above 52 move between those eras: <c>_PAGE_BIT_SOFTW4</c> is 58 until 6.11 and 57 in
/// 6.12, where bit 58 becomes SOFTW5 (<c>_PAGE_SAVED_DIRTY</c>). Built as x86_64_defconfig builds it: with
/// <c>CONFIG_MEM_SOFT_DIRTY=n</c>, so <c>_PAGE_SOFT_DIRTY</c> is 0, without memory encryption (<c>_PAGE_ENC</c> 0), and
/// with page-table isolation, which only <c>pgd_bad</c>/<c>p4d_bad</c> see.</remarks>
public static class X86Bits
{
    public const ulong Present = 1UL << 0;
    public const ulong Rw = 1UL << 1;
    public const ulong User = 1UL << 2;
    public const ulong Pwt = 1UL << 3;
    public const ulong Pcd = 1UL << 4;
    public const ulong Accessed = 1UL << 5;
    public const ulong Dirty = 1UL << 6;
    public const ulong Pse = 1UL << 7;
    public const ulong Global = 1UL << 8;

    /// <summary><c>_PAGE_PROTNONE</c> shares bit 8 with GLOBAL; it means PROT_NONE only when PRESENT is clear.</summary>
    public const ulong ProtNone = Global;

    /// <summary><c>_PAGE_SPECIAL</c> = SOFTW1.</summary>
    public const ulong Special = 1UL << 9;

    /// <summary><c>_PAGE_BIT_SOFTW2</c> 10: on i386, 6.12's <c>_PAGE_SAVED_DIRTY</c> (pgtable_types.h 6.12:42-45).</summary>
    public const ulong Softw2 = 1UL << 10;

    /// <summary><c>_PAGE_PAT_LARGE</c>: PAT on 2M/1G leaves, which is why their frame starts at bit 13.</summary>
    public const ulong PatLarge = 1UL << 12;

    /// <summary><c>_PAGE_BIT_SOFTW4</c> 58, which <c>_PAGE_DEVMAP</c> uses, from 5.8 to 6.11 (5.9 pgtable_types.h:26,37;
    /// 6.1 :24,35).</summary>
    public const ulong Softw4V5_8 = 1UL << 58;

    /// <summary>6.12: <c>_PAGE_BIT_SOFTW4</c> is 57 (pgtable_types.h:24), so <c>_PAGE_DEVMAP</c> is bit 57 (:36).</summary>
    public const ulong Softw4V6_12 = 1UL << 57;

    /// <summary>6.12: <c>_PAGE_BIT_SOFTW5</c> 58 (pgtable_types.h:25), which <c>_PAGE_SAVED_DIRTY</c> uses on x86-64 (:39).</summary>
    public const ulong Softw5V6_12 = 1UL << 58;

    public const ulong Nx = 1UL << 63;

    /// <summary><c>_PAGE_KNL_ERRATUM_MASK</c>: <c>pXd_none</c> ignores A and D (Knights Landing erratum).</summary>
    public const ulong KnlErratumMask = Dirty | Accessed;

    /// <summary><c>__PHYSICAL_MASK_SHIFT</c> of x86-64 and of i386 with PAE.</summary>
    public const int PhysicalMaskShift = 52;

    /// <summary><c>PTE_PFN_MASK = PAGE_MASK &amp; __PHYSICAL_MASK</c>.</summary>
    public const ulong PtePfnMask = 0x000f_ffff_ffff_f000;

    /// <summary>i386 without PAE: <c>PTE_PFN_MASK</c> with <c>__PHYSICAL_MASK_SHIFT</c> 32 (page_32_types.h).</summary>
    public const ulong PtePfnMask32 = 0xffff_f000;

    /// <summary><c>_KERNPG_TABLE</c>: what <c>pmd_bad</c> and <c>pgd_bad</c> require of a table entry.</summary>
    public const ulong KernPgTable = Present | Rw | Accessed | Dirty;

    /// <summary><c>_PAGE_TABLE</c>: what <c>pXd_populate</c> writes for user tables.</summary>
    public const ulong PageTable = KernPgTable | User;

    /// <summary><c>PAGE_NONE</c> … <c>PAGE_SHARED_EXEC</c>, 5.8.</summary>
    public const ulong PageNone = ProtNone | Accessed;
    public const ulong PageShared = Present | Rw | User | Accessed | Nx;
    public const ulong PageSharedExec = Present | Rw | User | Accessed;
    public const ulong PageCopy = Present | User | Accessed | Nx;
    public const ulong PageCopyExec = Present | User | Accessed;
    public const ulong PageReadonly = Present | User | Accessed | Nx;
    public const ulong PageReadonlyExec = Present | User | Accessed;
}
