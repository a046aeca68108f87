namespace PgtableInvariants.Arch.Architectures.Riscv;

/// <summary>The <c>satp</c> translation mode a riscv64 kernel built with <c>CONFIG_PGTABLE_LEVELS=5</c> picks at boot
/// (arch/riscv/mm/init.c <c>set_satp_mode</c>): the widest the CPU has, or the one <c>no5lvl</c>/<c>no4lvl</c> asks for.
/// The mode sets <c>pgtable_l5_enabled</c> and <c>pgtable_l4_enabled</c>.</summary>
public enum RiscvSatpMode
{
    /// <summary>Sv39 (<c>SATP_MODE_39</c>): 3 levels, 39-bit VA; <c>pgtable_l4_enabled</c> and <c>pgtable_l5_enabled</c>
    /// false, so the p4d and the pud are folded into the pgd.</summary>
    Sv39 = 3,

    /// <summary>Sv48: 4 levels, 48-bit VA; <c>pgtable_l4_enabled</c> only, the p4d folded into the pgd.</summary>
    Sv48 = 4,

    /// <summary>Sv57: 5 levels, 57-bit VA; both flags set, nothing folded.</summary>
    Sv57 = 5,
}
