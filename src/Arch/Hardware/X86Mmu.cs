using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Arch.Hardware;

/// <summary>x86-64 long-mode paging for a user access (Intel SDM vol. 3 ch. 4; QEMU
/// target/i386/tcg/system/excp_helper.c): canonical check, then a CR3 walk of 4 or 5 levels with PS leaves at
/// the PDPT (1 GiB) and PD (2 MiB).</summary>
/// <remarks>MAXPHYADDR is 52, EFER.NXE is on, CR4.PKE, SMAP and SMEP are off. USER and R/W accumulate as the AND
/// over all levels. Reserved-bit faults carry P and RSVD, as the SDM says.</remarks>
public sealed class X86Mmu(bool la57) : IMmu
{
    private const ulong P = 1, Rw = 2, Us = 4, Ps = 0x80;
    private const ulong FrameMask = 0x000f_ffff_ffff_f000;
    private const ulong PfWrite = 0x2, PfUser = 0x4, PfRsvd = 0x8;

    /// <summary>True for a CPU with CR4.LA57 set.</summary>
    public bool La57 { get; } = la57;

    public Translation Translate(IMemory memory, AddressSpace mm, VirtualAddress va, Access access)
    {
        var bits = La57 ? 57 : 48;
        var sext = (long)va.Value >> (bits - 1);
        if (sext is not (0 or -1))
            return Translation.Faulted("#GP", 0);

        var error = PfUser | (access == Access.Write ? PfWrite : 0);
        var table = mm.Pgd;
        var user = true;
        var writable = true;
        // No loop condition: the pte level (shift 12) is always a leaf and returns.
        for (var shift = La57 ? 48 : 39; ; shift -= 9)
        {
            var entry = memory.Load(new EntryPointer(Level.Pte, table + ((va.Value >> shift) & 0x1ff) * 8));
            if (memory.Fault is not null)
                return Translation.Faulted("#MC", 0);
            if ((entry.Raw & P) == 0)
                return Translation.Faulted("#PF", error);
            var leaf = shift == 12 || (shift is 30 or 21 && (entry.Raw & Ps) != 0);
            if (shift > 30 && (entry.Raw & Ps) != 0)
                return Translation.Faulted("#PF", error | P | PfRsvd);
            user &= (entry.Raw & Us) != 0;
            writable &= (entry.Raw & Rw) != 0;
            if (!leaf)
            {
                table = entry.Raw & FrameMask;
                continue;
            }
            var size = 1UL << shift;
            // A PS leaf's frame starts at bit `shift`; bits 12 (PAT) and up to shift-1 above it must be 0.
            var frame = entry.Raw & FrameMask & ~(size - 1);
            if (shift > 12 && (entry.Raw & FrameMask & (size - 1) & ~0x1fffUL) != 0)
                return Translation.Faulted("#PF", error | P | PfRsvd);
            if (!user || (access == Access.Write && !writable))
                return Translation.Faulted("#PF", error | P);
            return Translation.Mapped(Pfn.OfPhysical(frame | (va.Value & (size - 1)), 12));
        }
    }
}
