using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Arch.Hardware;

/// <summary>x86 PAE paging for a user access (Intel SDM vol. 3A §4.4, CR0.PG=1, CR4.PAE=1, IA32_EFER.LME=0): four
/// 8-byte PDPTEs at CR3[31:5], loaded as a MOV to CR3 loads them, then a page directory of 512 PDEs and a page
/// table of 512 PTEs, or a 2 MiB page where PDE.PS is set.</summary>
/// <remarks>A present PDPTE with a reserved bit set (bits 2:1, 8:5 and 63:MAXPHYADDR, §4.4.1) makes the load of CR3
/// itself fail with #GP(0), so every translation through that CR3 does; a not-present PDPTE maps nothing, and an
/// access through it is a #PF without P. In PDEs and PTEs, bits 62:MAXPHYADDR are reserved, bit 63 too unless
/// IA32_EFER.NXE is set, and bits 20:13 of a 2 MiB PDE; a reserved bit faults with P and RSVD. USER and R/W
/// accumulate over the PDE and the PTE (the PDPTE has neither).</remarks>
public sealed class X86PaeMmu(int maxPhysAddr = 44, bool nxe = true) : IMmu
{
    private const ulong P = 1, Ps = 0x80;
    private const ulong PfWrite = 0x2, PfUser = 0x4, PfRsvd = 0x8;
    private const ulong Xd = 1UL << 63;

    /// <summary>MAXPHYADDR: 44 by default, the physical addresses i386's 32-bit pfns reach.</summary>
    public int MaxPhysAddr { get; } = maxPhysAddr;

    /// <summary>IA32_EFER.NXE, which Linux sets on a CPU with NX (arch/x86/mm/setup_nx.c, 6.1 <c>x86_configure_nx</c>).</summary>
    public bool Nxe { get; } = nxe;

    /// <summary>The frame bits of an entry: 51:12 within MAXPHYADDR.</summary>
    private ulong FrameMask => ((1UL << MaxPhysAddr) - 1) & ~0xfffUL;

    /// <summary>Bits MAXPHYADDR..62, and 63 without NXE.</summary>
    private ulong HighReserved => ~((1UL << MaxPhysAddr) - 1) & (Nxe ? ~Xd : ulong.MaxValue);

    public Translation Translate(IMemory memory, AddressSpace mm, VirtualAddress va, Access access)
    {
        if (va.Value > uint.MaxValue)
            return Translation.Faulted("#GP", 0);
        var pdpt = mm.Pgd & 0xffff_ffe0;
        var pdptes = new ulong[4];
        for (var i = 0; i < pdptes.Length; i++)
        {
            pdptes[i] = memory.Load(new EntryPointer(Level.Pte, pdpt + (ulong)i * 8)).Raw;
            if (memory.Fault is not null)
                return Translation.Faulted("#MC", 0);
            if ((pdptes[i] & P) != 0 && (pdptes[i] & PdpteReserved) != 0)
                return Translation.Faulted("#GP", 0);
        }

        var error = PfUser | (access == Access.Write ? PfWrite : 0);
        var pdpte = pdptes[va.Value >> 30];
        if ((pdpte & P) == 0)
            return Translation.Faulted("#PF", error);
        var pde = memory.Load(new EntryPointer(Level.Pte, (pdpte & FrameMask) + ((va.Value >> 21) & 0x1ff) * 8)).Raw;
        if (memory.Fault is not null)
            return Translation.Faulted("#MC", 0);
        if ((pde & P) == 0)
            return Translation.Faulted("#PF", error);
        if ((pde & Ps) != 0)
        {
            if ((pde & (HighReserved | 0x1f_e000)) != 0)
                return Translation.Faulted("#PF", error | P | PfRsvd);
            return X86AccessRights.Check(pde, pde, access, error, (pde & FrameMask & ~0x1f_ffffUL) | (va.Value & 0x1f_ffff));
        }
        if ((pde & HighReserved) != 0)
            return Translation.Faulted("#PF", error | P | PfRsvd);
        var pte = memory.Load(new EntryPointer(Level.Pte, (pde & FrameMask) + ((va.Value >> 12) & 0x1ff) * 8)).Raw;
        if (memory.Fault is not null)
            return Translation.Faulted("#MC", 0);
        if ((pte & P) == 0)
            return Translation.Faulted("#PF", error);
        if ((pte & HighReserved) != 0)
            return Translation.Faulted("#PF", error | P | PfRsvd);
        return X86AccessRights.Check(pde, pte, access, error, (pte & FrameMask) | (va.Value & 0xfff));
    }

    /// <summary>A PDPTE's reserved bits: R/W and U/S (2:1), 8:5, and 63:MAXPHYADDR.</summary>
    private ulong PdpteReserved => 0x6UL | 0x1e0UL | ~((1UL << MaxPhysAddr) - 1);
}
