using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Arch.OtherCpus;

/// <summary>A page faulted in on another CPU where a pte table already stands (<c>do_anonymous_page</c>, mm/memory.c):
/// <c>set_pte_at</c> of the new page into the empty pte, with no flush (nothing was mapped). Where the CPU stores an
/// entry in halves (x86 PAE, asm/pgtable-3level.h <c>native_set_pte</c>), the high half goes first and the low half,
/// which holds the present bit, after an <c>smp_wmb</c>.</summary>
public static class FaultIn
{
    /// <summary>The steps of faulting in the base page at <paramref name="va"/> with the frame <paramref name="pfn"/>;
    /// none unless its pte slot exists and is empty.</summary>
    public static OtherCpuOperation Of(AddressSpace mm, VirtualAddress va, Pfn pfn)
    {
        var arch = mm.Arch;
        var page = arch.Geometry.BasePage;
        var start = new VirtualAddress(va.Value & ~(page.Bytes - 1));
        var name = $"do_anonymous_page({start})";
        if (mm.Slot(start, Level.Pte) is not { } ptep || !arch.None(new Cpu(mm.Memory).Load(ptep)) || mm.MappingAt(start) is not null)
            return new OtherCpuOperation(name, []);
        var mapping = new Mapping(start, pfn, page, VmFlags.Read | VmFlags.Write);
        var pte = arch.MakeLeaf(page, pfn, mapping.Flags);
        return new OtherCpuOperation(name, arch.SplitsEntries
            ?
            [
                new OtherCpuStep.StoreHalf("set_pte: pte_high", ptep, (uint)(pte.Raw >> 32), High: true),
                new OtherCpuStep.StoreHalf("set_pte: pte_low", ptep, (uint)pte.Raw, High: false, Begins: mapping),
            ]
            : [new OtherCpuStep.Store("set_pte_at", ptep, pte, Begins: mapping)]);
    }
}
