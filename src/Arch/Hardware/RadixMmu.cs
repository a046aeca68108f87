using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using static PgtableInvariants.Arch.Architectures.Nop.RiscvBits;

namespace PgtableInvariants.Arch.Hardware;

/// <summary>The generic models' hardware: a RISC-V style radix walk (privileged spec, "Virtual Address Translation
/// Process") over the real levels only, with the Svade rule that A, and D for a store, must already be set.</summary>
/// <remarks>An address at or above the top table's reach is an access fault rather than a sign-extension check:
/// the generic models have no kernel half.</remarks>
public sealed class RadixMmu(Geometry geometry) : IMmu
{
    private readonly LevelGeometry[] real = geometry.Levels.Where(l => !l.IsFolded).ToArray();

    public Translation Translate(IMemory memory, AddressSpace mm, VirtualAddress va, Access access)
    {
        var store = access == Access.Write;
        var accessFault = Translation.Faulted(store ? "store access fault" : "load access fault", store ? 7UL : 5UL);
        var pageFault = Translation.Faulted(store ? "store page fault" : "load page fault", store ? 15UL : 13UL);
        var top = real[0];
        if (va.Value >> top.Shift >= (ulong)top.PtrsPer)
            return accessFault;

        var table = mm.Pgd;
        foreach (var level in real)
        {
            var pte = memory.Load(new EntryPointer(Level.Pte, table + (ulong)level.Index(va) * 8));
            if (memory.Fault is not null)
                return accessFault;
            var v = pte.Raw;
            if ((v & Present) == 0 || ((v & Read) == 0 && (v & Write) != 0))
                return pageFault;
            var ppn = (v >> PfnShift) & ((1UL << PpnBits) - 1);
            if ((v & Leaf) == 0)
            {
                if (level.Level == Level.Pte)
                    return pageFault;
                table = ppn << geometry.PageShift;
                continue;
            }
            var frames = level.Size >> geometry.PageShift;
            var permitted = (v & User) != 0 && (v & Accessed) != 0
                && (store ? (v & Write) != 0 && (v & Dirty) != 0 : (v & Read) != 0);
            if ((ppn & (frames - 1)) != 0 || !permitted)
                return pageFault;
            return Translation.Mapped(new Pfn(ppn | ((va.Value >> geometry.PageShift) & (frames - 1))));
        }
        return pageFault;
    }
}
