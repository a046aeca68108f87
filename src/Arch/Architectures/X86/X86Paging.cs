namespace PgtableInvariants.Arch.Architectures.X86;

/// <summary>The three x86-64 paging configurations (arch/x86/include/asm/pgtable_64_types.h).</summary>
public enum X86Paging
{
    /// <summary><c>CONFIG_X86_5LEVEL=n</c>: 4 levels, p4d folded by pgtable-nop4d.h, 47-bit user space.</summary>
    FourLevel,

    /// <summary><c>CONFIG_X86_5LEVEL=y</c> on an LA57 CPU: 5 levels, 56-bit user space.</summary>
    FiveLevel,

    /// <summary><c>CONFIG_X86_5LEVEL=y</c> booted on a 4-level CPU: <c>PGDIR_SHIFT</c> 39 and <c>PTRS_PER_P4D</c> 1
    /// are variables, p4d folded at run time (c65e774fb3f6).</summary>
    La57KernelOnFourLevelCpu,
}
