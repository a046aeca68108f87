using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Arch.Hardware;

/// <summary>RISC-V Sv39, Sv48 and Sv57 translation of a U-mode load or store (privileged specification, "Virtual
/// Address Translation Process"; QEMU target/riscv/cpu_helper.c <c>get_physical_address</c>), from the root table
/// <c>satp.PPN</c>, which is <c>mm-&gt;pgd</c>.</summary>
/// <remarks>
/// <para>The hart modelled has neither Svpbmt, Svnapot nor Svadu: bits 63:54 of a PTE are reserved (a page fault when
/// set), and A and D follow the Svade rule, a page fault when A is clear or a store finds D clear; Linux sets them
/// through its fault path (<c>pte_mkyoung</c>, <c>pte_mkdirty</c>). Faults carry the <c>scause</c> code: load page fault
/// 13, store/AMO page fault 15, and load or store access fault 5 or 7 when a PTE cannot be read (a PMA/PMP violation
/// on the walk). Not modelled: instruction fetches, MXR and SUM (S-mode only), the hypervisor's G-stage.</para>
/// </remarks>
public sealed class SvMmu : IMmu
{
    private const ulong V = 1UL << 0, R = 1UL << 1, W = 1UL << 2, X = 1UL << 3, U = 1UL << 4, A = 1UL << 6, D = 1UL << 7;
    private const int PageShift = 12, IndexBits = 9, PpnShift = 10, PpnBits = 44;
    private const ulong Reserved = ~0UL << 54;

    /// <summary>PTESIZE: 8 bytes in Sv39, Sv48 and Sv57.</summary>
    private const ulong PteSize = 8;

    /// <summary>A translation with <paramref name="levels"/> levels: 3 (Sv39), 4 (Sv48) or 5 (Sv57).</summary>
    public SvMmu(int levels)
    {
        Guard.Argument(levels is >= 3 and <= 5, nameof(levels), "Sv39, Sv48 and Sv57 have 3, 4 or 5 levels");
        Levels = levels;
    }

    /// <summary>LEVELS of the scheme.</summary>
    public int Levels { get; }

    /// <summary>Virtual address bits: 39, 48 or 57.</summary>
    public int VaBits => PageShift + IndexBits * Levels;

    public Translation Translate(IMemory memory, AddressSpace mm, VirtualAddress va, Access access)
    {
        var store = access == Access.Write;
        // Step 1 (the RV64 rule): bits 63..VA must all equal bit VA-1, else a page fault, before any PTE is read.
        var high = va.Value >> (VaBits - 1);
        if (high != 0 && high != ~0UL >> (VaBits - 1))
            return PageFault(store, "address not sign-extended", Levels - 1);

        var table = mm.Pgd;
        for (var i = Levels - 1; i >= 0; i--)
        {
            var shift = PageShift + IndexBits * i;
            var pte = memory.Load(new EntryPointer(Level.Pte, table + ((va.Value >> shift) & 511) * PteSize)).Raw;
            if (memory.Fault is not null)
                return Translation.Faulted($"{(store ? "store/AMO" : "load")} access fault: PTE read failed, level {i}", store ? 7UL : 5UL);
            // Step 4: V clear, W without R, or a reserved bit set.
            if ((pte & V) == 0)
                return PageFault(store, "V clear", i);
            if ((pte & (R | W)) == W)
                return PageFault(store, "W without R", i);
            if ((pte & Reserved) != 0)
                return PageFault(store, "reserved bits 63:54 set", i);
            var ppn = (pte >> PpnShift) & ((1UL << PpnBits) - 1);
            if ((pte & (R | X)) == 0)
            {
                // Step 5: a pointer. D, A and U are reserved in a non-leaf PTE; there is no level below 0.
                if ((pte & (D | A | U)) != 0)
                    return PageFault(store, "D, A or U set in a non-leaf PTE", i);
                if (i == 0)
                    return PageFault(store, "non-leaf PTE at level 0", i);
                table = ppn << PageShift;
                continue;
            }
            return Leaf(pte, ppn, i, va, store);
        }
        throw new InvalidOperationException("unreachable: level 0 either maps or faults");
    }

    /// <summary>Steps 6-8: the permission of a U-mode access, the superpage alignment, the Svade A/D rule; then the
    /// physical page, the low VPN fields of a superpage coming from the address.</summary>
    private static Translation Leaf(ulong pte, ulong ppn, int level, VirtualAddress va, bool store)
    {
        if ((pte & U) == 0)
            return PageFault(store, "U clear", level);
        if ((pte & (store ? W : R)) == 0)
            return PageFault(store, store ? "W clear" : "R clear", level);
        var frames = 1UL << (IndexBits * level);
        if ((ppn & (frames - 1)) != 0)
            return PageFault(store, "misaligned superpage", level);
        if ((pte & A) == 0)
            return PageFault(store, "A clear", level);
        if (store && (pte & D) == 0)
            return PageFault(store, "D clear", level);
        return Translation.Mapped(new Pfn(ppn | ((va.Value >> PageShift) & (frames - 1))));
    }

    private static Translation PageFault(bool store, string reason, int level) =>
        Translation.Faulted($"{(store ? "store/AMO" : "load")} page fault: {reason}, level {level}", store ? 15UL : 13UL);
}
