using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Arch.Hardware;

/// <summary>VMSAv8-64 stage 1 translation of an EL0 data access through TTBR0_EL1 (Arm ARM D8, pseudocode
/// <c>AArch64.S1Translate</c> and <c>AArch64.S1Walk</c>; QEMU target/arm/ptw.c <c>get_phys_addr_lpae</c>): range
/// check, a walk from the level T0SZ and the granule give (down to level -1 with LPA2), blocks only where the granule
/// allows them, and the direct (non-indirect) permission model with hierarchical APTable.</summary>
/// <remarks>
/// <para>The root is <c>mm-&gt;pgd</c> taken as the TTBR0_EL1 base: aligned down to the start table's size (at least
/// 64 bytes in the 52-bit TTBR form, LPA2 or 64K with IPS 52, whose bits 5:2 hold OA[51:48]). Faults carry the DFSC of ESR_EL1 (WnR is not
/// part of the code) and its level: translation 0x04+n (level -1: 0x2B), address size 0x00+n (level -1: 0x29),
/// access flag 0x08+n, permission 0x0C+n, synchronous external abort on the walk 0x14+n (level -1: 0x13).</para>
/// <para>With HA the hardware would set AF, and with HA and HD it would clear AP[2] of a DBM leaf on a write; the
/// oracle translates as if it had but stores nothing. Not modelled: the Contiguous bit (a hint unless
/// misprogrammed), FEAT_S1PIE/S1POE (Linux's <c>PIE_E0</c> reproduces these rules for the leaves it builds, but
/// forces HPD), EPD0/E0PD0 (Linux never sets them for TTBR0), instruction fetches. An EL0 address with bit 55 set
/// selects TTBR1; Linux sets E0PD1 on CPUs with FEAT_E0PD, which makes every such access a level 0 translation
/// fault, and that is the verdict here.</para>
/// </remarks>
public sealed class Arm64Mmu(Arm64TranslationControl control) : IMmu
{
    private const ulong Valid = 1UL << 0, TableOrPage = 1UL << 1;
    private const ulong ApEl0 = 1UL << 6, ApReadOnly = 1UL << 7, AccessFlag = 1UL << 10, Dbm = 1UL << 51;
    private const ulong ApTableNoEl0 = 1UL << 61, ApTableReadOnly = 1UL << 62;
    private const int TbiAddressTop = 55;

    /// <summary>The TCR_EL1 settings the walk follows.</summary>
    public Arm64TranslationControl Control { get; } = control;

    public Translation Translate(IMemory memory, AddressSpace mm, VirtualAddress va, Access access)
    {
        var c = Control;
        // AArch64.S1TxSZFaults: below the minimum is a level 0 translation fault with FEAT_LVA; above the maximum
        // the choice is IMPLEMENTATION DEFINED, and this takes QEMU's (fault) over clamping.
        if (c.T0sz < c.MinT0sz || c.T0sz > Arm64TranslationControl.MaxT0sz)
            return TranslationFault(0);
        var inputBits = 64 - c.T0sz;
        // AArch64.VAIsOutOfRange: VA[top:IA] must be 0, top being 55 when TBI0 ignores the tag byte. That covers
        // bit 55, which selects TTBR1 (see remarks). Every range failure is reported at level 0, even when the walk
        // would start at level -1.
        var addressTop = c.Tbi0 ? TbiAddressTop : 63;
        if (((va.Value >> inputBits) & ((1UL << (addressTop + 1 - inputBits)) - 1)) != 0)
            return TranslationFault(0);

        // AArch64.S1StartLevel: each level below the start resolves one stride above the granule's offset bits.
        var start = 3 - (inputBits - 1 - c.PageShift) / c.Stride;
        var startShift = LevelShift(start);
        var startTableBytes = (ulong)EntryPointer.Bytes64 << (inputBits - startShift);
        var table = mm.Pgd & ~(Math.Max(startTableBytes, c.Lpa2 || (c.Lpa64K && c.OutputAddressBits == 52) ? 64UL : 1UL) - 1);
        // AArch64.S1Walk, "Detect Address Size Fault by Descriptor Address": the TTBR base is judged at level 0.
        if (table >> c.OutputSize != 0)
            return AddressSizeFault(0);

        var apTable = 0UL;
        for (var level = start; ; level++)
        {
            var shift = LevelShift(level);
            var indexBits = level == start ? inputBits - shift : c.Stride;
            var index = (va.Value >> shift) & ((1UL << indexBits) - 1);
            var d = memory.Load(new EntryPointer(Level.Pte, table + index * (ulong)EntryPointer.Bytes64)).Raw;
            if (memory.Fault is not null)
                return Fault("synchronous external abort on translation table walk", level, level == -1 ? 0x13UL : 0x14UL + (ulong)level);
            // AArch64.DecodeDescriptorType: bit 0 clear is invalid; 0b01 is a block only where BlockDescSupported
            // says so, and reserved (so invalid) at level 3; 0b11 is a table above level 3 and a page at it.
            if ((d & Valid) == 0 || ((d & TableOrPage) == 0 && !BlockAllowed(level)))
                return TranslationFault(level);
            var address = OutputAddress(d);
            // AArch64.OAOutOfRange, for a next-table address and a leaf alike, at the descriptor's own level.
            if (address >> c.OutputSize != 0)
                return AddressSizeFault(level);
            if ((d & TableOrPage) != 0 && level < 3)
            {
                // AArch64.S1ApplyTablePerms: APTable accumulates by OR down the walk, unless HPD0.
                if (!c.Hpd0)
                    apTable |= d & (ApTableNoEl0 | ApTableReadOnly);
                table = address;
                continue;
            }
            return Leaf(d, address, level, apTable, va, access);
        }
    }

    private Translation Leaf(ulong d, ulong address, int level, ulong apTable, VirtualAddress va, Access access)
    {
        var c = Control;
        // The access flag fault ranks above the permission fault (it is raised inside AArch64.S1Walk).
        if ((d & AccessFlag) == 0 && !c.Ha)
            return Fault("access flag fault", level, 0x08UL + (ulong)level);
        // AArch64.S1DirectBasePermissions, unprivileged: AP[1] grants EL0 access, AP[2] takes write away; with HA
        // and HD a DBM leaf has AP[2] taken as 0 (S1ApplyOutputPerms), while APTable[1] still forbids the write.
        var el0 = (d & ApEl0) != 0 && (apTable & ApTableNoEl0) == 0;
        var writable = el0 && ((d & ApReadOnly) == 0 || (c.Ha && c.Hd && (d & Dbm) != 0)) && (apTable & ApTableReadOnly) == 0;
        if (!el0 || (access == Access.Write && !writable))
            return Fault("permission fault", level, 0x0CUL + (ulong)level);
        var size = 1UL << LevelShift(level);
        return Translation.Mapped(Pfn.OfPhysical((address & ~(size - 1)) | (va.Value & (size - 1)), c.PageShift));
    }

    /// <summary>Lowest VA bit that level <paramref name="level"/> indexes: the bytes a leaf there maps, as a shift.</summary>
    private int LevelShift(int level) => Control.PageShift + Control.Stride * (3 - level);

    /// <summary><c>AArch64.BlockDescSupported</c>: 4K blocks at levels 1-2 (0 with LPA2), 16K at 2 (1 with LPA2),
    /// 64K at 2 (1 when PAMax is 52); never at level 3 nor at level -1.</summary>
    private bool BlockAllowed(int level) => Control.PageShift switch
    {
        12 => level is 1 or 2 || (level == 0 && Control.Lpa2),
        14 => level == 2 || (level == 1 && Control.Lpa2),
        _ => level == 2 || (level == 1 && Control.PaMaxBits == 52),
    };

    /// <summary><c>AArch64.NextTableBase</c> and <c>AArch64.LeafBase</c> before alignment to the leaf: bits 47:G,
    /// with bits 49:48 and OA[51:50] from bits 9:8 under LPA2, or OA[51:48] from bits 15:12 in the 64K FEAT_LPA form.
    /// The high bits are taken whatever IPS says, so an IPS below 52 turns them into an address size fault.</summary>
    private ulong OutputAddress(ulong d)
    {
        var granuleMask = ~((1UL << Control.PageShift) - 1);
        if (Control.Lpa2)
            return (d & 0x0003_ffff_ffff_ffff & granuleMask) | (((d >> 8) & 3) << 50);
        if (Control.Lpa64K)
            return (d & 0x0000_ffff_ffff_ffff & granuleMask) | (((d >> 12) & 0xf) << 48);
        return d & 0x0000_ffff_ffff_ffff & granuleMask;
    }

    private static Translation TranslationFault(int level) =>
        Fault("translation fault", level, level == -1 ? 0x2BUL : 0x04UL + (ulong)level);

    private static Translation AddressSizeFault(int level) =>
        Fault("address size fault", level, level == -1 ? 0x29UL : (ulong)level);

    private static Translation Fault(string kind, int level, ulong dfsc) => Translation.Faulted($"{kind}, level {level}", dfsc);
}
