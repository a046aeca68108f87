using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Arch.Hardware;

/// <summary>x86 32-bit paging for a user access (Intel SDM vol. 3A §4.3, CR0.PG=1, CR4.PAE=0, CR4.PSE=1): a page
/// directory of 1024 4-byte PDEs at CR3[31:12], then a page table of 1024 PTEs, or a 4 MiB page where PDE.PS is
/// set.</summary>
/// <remarks>USER and R/W accumulate as the AND over both levels (§4.6; a user access never sees CR0.WP). There is no
/// execute-disable in this mode. A 4 MiB PDE takes physical-address bits (M-1):32 from its bits 20:13 (PSE-36,
/// M = min(MAXPHYADDR, 40)); its bits 21:(M-19) are reserved and fault with P and RSVD (§4.3, table 4-4). PDEs and
/// PTEs of 4 KiB pages have no reserved bits.</remarks>
public sealed class X86LegacyMmu(int maxPhysAddr = 36) : IMmu
{
    private const ulong P = 1, Ps = 0x80;
    private const ulong PfWrite = 0x2, PfUser = 0x4, PfRsvd = 0x8;
    private const int EntrySize = 4;

    /// <summary>MAXPHYADDR, as CPUID.80000008H:EAX[7:0] reports (36 on a PSE-36 CPU of the i686 era).</summary>
    public int MaxPhysAddr { get; } = maxPhysAddr;

    /// <summary>M of the SDM's table 4-4: the physical-address bits a 4 MiB page reaches.</summary>
    private int M => Math.Min(MaxPhysAddr, 40);

    public Translation Translate(IMemory memory, AddressSpace mm, VirtualAddress va, Access access)
    {
        // A linear address has 32 bits; a flat user segment's limit refuses anything above (#GP(0)).
        if (va.Value > uint.MaxValue)
            return Translation.Faulted("#GP", 0);
        var error = PfUser | (access == Access.Write ? PfWrite : 0);
        var pde = memory.Load(new EntryPointer(Level.Pte, (mm.Pgd & 0xffff_f000) + ((va.Value >> 22) & 0x3ff) * EntrySize, EntrySize)).Raw;
        if (memory.Fault is not null)
            return Translation.Faulted("#MC", 0);
        if ((pde & P) == 0)
            return Translation.Faulted("#PF", error);
        if ((pde & Ps) != 0)
        {
            var reserved = ((1UL << 22) - 1) & ~((1UL << (13 + M - 32)) - 1);
            if ((pde & reserved) != 0)
                return Translation.Faulted("#PF", error | P | PfRsvd);
            var high = (pde >> 13) & ((1UL << (M - 32)) - 1);
            return X86AccessRights.Check(pde, pde, access, error, (pde & 0xffc0_0000) | (high << 32) | (va.Value & 0x3f_ffff));
        }
        var pte = memory.Load(new EntryPointer(Level.Pte, (pde & 0xffff_f000) + ((va.Value >> 12) & 0x3ff) * EntrySize, EntrySize)).Raw;
        if (memory.Fault is not null)
            return Translation.Faulted("#MC", 0);
        if ((pte & P) == 0)
            return Translation.Faulted("#PF", error);
        return X86AccessRights.Check(pde, pte, access, error, (pte & 0xffff_f000) | (va.Value & 0xfff));
    }
}
