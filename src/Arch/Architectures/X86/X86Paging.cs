namespace PgtableInvariants.Arch.Architectures.X86;

/// <summary>The x86 paging configurations: x86-64's three (arch/x86/include/asm/pgtable_64_types.h) and i386's two
/// (pgtable-2level_types.h, pgtable-3level_types.h).</summary>
public enum X86Paging
{
    /// <summary><c>CONFIG_X86_5LEVEL=n</c>: 4 levels, p4d folded by pgtable-nop4d.h, 47-bit user space.</summary>
    FourLevel,

    /// <summary><c>CONFIG_X86_5LEVEL=y</c> on an LA57 CPU: 5 levels, 56-bit user space.</summary>
    FiveLevel,

    /// <summary><c>CONFIG_X86_5LEVEL=y</c> booted on a 4-level CPU: <c>PGDIR_SHIFT</c> 39 and <c>PTRS_PER_P4D</c> 1
    /// are variables, p4d folded at run time (c65e774fb3f6).</summary>
    La57KernelOnFourLevelCpu,

    /// <summary>i386 without PAE (i386_defconfig): 4-byte entries, 10+10+12, p4d, pud and pmd folded by
    /// pgtable-nopmd.h, 4 MiB PSE leaves in the pgd, 32-bit physical addresses, no NX.</summary>
    I386TwoLevel,

    /// <summary>i386 with <c>CONFIG_X86_PAE=y</c>: 8-byte entries, 2+9+9+12, p4d and pud folded by pgtable-nopud.h, the
    /// pgd a 4-entry PDPT, 2 MiB PSE leaves in the pmd, NX at bit 63.</summary>
    I386Pae,
}
