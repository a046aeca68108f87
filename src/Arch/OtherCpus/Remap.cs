using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Levels;

namespace PgtableInvariants.Arch.OtherCpus;

/// <summary>A pte remapped to another frame on another CPU, as a copy-on-write fault does it (<c>wp_page_copy</c>,
/// mm/memory.c): <c>ptep_clear_flush</c> clears the pte and flushes the TLB (an IPI on x86, which the walker holds up;
/// a broadcast elsewhere), then <c>set_pte_at</c> maps the copy. A present pte is never changed into another present
/// one directly: a lockless reader sees the old page, no page, or the new one.</summary>
public static class Remap
{
    /// <summary>The steps of remapping the base page that holds <paramref name="va"/> to <paramref name="newPfn"/>; none
    /// when no base page maps it.</summary>
    public static OtherCpuOperation Of(AddressSpace mm, VirtualAddress va, Pfn newPfn)
    {
        var arch = mm.Arch;
        var old = mm.MappingAt(va);
        var name = $"wp_page_copy({(old is null ? va : old.Va)})";
        if (old is null || old.Size.IsHuge || mm.Slot(old.Va, Level.Pte) is not { } ptep)
            return new OtherCpuOperation(name, []);
        var copy = old with { Pfn = newPfn };
        return new OtherCpuOperation(name,
        [
            new OtherCpuStep.Store("ptep_clear_flush", ptep, arch.EmptyEntry(Level.Pte), Ends: old),
            OtherCpuStep.FlushTlb(arch, "flush_tlb_page"),
            new OtherCpuStep.Store("set_pte_at", ptep, arch.MakeLeaf(arch.Geometry.BasePage, newPfn, old.Flags), Begins: copy),
        ]);
    }
}
