using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Arch.OtherCpus;

/// <summary>khugepaged's <c>collapse_huge_page</c> (mm/khugepaged.c) on another CPU, for the pte table under one pmd:
/// <c>pmdp_collapse_flush</c> clears the pmd and flushes the TLB (an IPI on x86, which the walker holds up; a broadcast
/// elsewhere); from 6.1 <c>tlb_remove_table_sync_one</c> sends an IPI where tables are freed by RCU (2ba99c5e0881);
/// <c>__collapse_huge_page_isolate</c> gives up when a page has a reference beyond its mapping (a pin gup took), putting
/// the pmd back; <c>__collapse_huge_page_copy</c> copies each page and clears its pte; <c>set_pmd_at</c> maps the new
/// huge page. The old pte table is kept as the deposit, not freed.</summary>
/// <remarks>Not modelled: the mmap and anon_vma locks (gup_fast takes neither), <c>max_ptes_none</c> (every page of the
/// span is collapsed, mapped or not), the file-backed collapse that frees the table (<c>collapse_and_free_pmd</c>).</remarks>
public static class Collapse
{
    /// <summary>The steps of collapsing the pte table that maps the pmd-sized span holding <paramref name="va"/> into a
    /// huge page at <paramref name="hugePfn"/>; none when the pmd there is not a table of base pages.</summary>
    public static OtherCpuOperation Of(AddressSpace mm, VirtualAddress va, Pfn hugePfn)
    {
        var arch = mm.Arch;
        var huge = arch.Geometry.Leaf(Level.Pmd);
        var start = new VirtualAddress(va.Value & ~(huge.Bytes - 1));
        var name = $"collapse_huge_page({start})";
        var cpu = new Cpu(mm.Memory);
        if (mm.Slot(start, Level.Pmd) is not { } pmdp)
            return new OtherCpuOperation(name, []);
        var pmd = cpu.Load(pmdp);
        var pages = mm.Mappings.Where(m => m.Va >= start && m.Va.Value - start.Value < huge.Bytes).ToList();
        if (!arch.Present(pmd) || arch.Leaf(pmd) || pages.Count == 0 || pages.Any(m => m.Size.IsHuge))
            return new OtherCpuOperation(name, []);

        var steps = new List<OtherCpuStep> { new OtherCpuStep.Store("pmdp_collapse_flush", pmdp, arch.EmptyEntry(Level.Pmd)) };
        steps.Add(OtherCpuStep.FlushTlb(arch, "flush_tlb_range"));
        if (arch.Era.Order >= KernelEra.V6_1.Order && arch.TableFreeing == TableFreeing.AfterGracePeriod)
            steps.Add(new OtherCpuStep.WaitForIpi("tlb_remove_table_sync_one"));
        steps.Add(new OtherCpuStep.CheckReferences("__collapse_huge_page_isolate", pages,
            new OtherCpuStep.Store("pmd_populate", pmdp, pmd)));
        steps.AddRange(pages.Select(m => new OtherCpuStep.Store("pte_clear", arch.Offset(cpu, pmdp, m.Va), arch.EmptyEntry(Level.Pte), Ends: m)));
        var flags = pages[0].Flags;
        steps.Add(new OtherCpuStep.Store("set_pmd_at", pmdp, arch.MakeLeaf(huge, hugePfn, flags), Begins: new Mapping(start, hugePfn, huge, flags)));
        return new OtherCpuOperation(name, steps);
    }
}
