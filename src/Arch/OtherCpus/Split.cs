using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Arch.OtherCpus;

/// <summary>The split of a pmd-mapped anonymous huge page into a pte table on another CPU (<c>__split_huge_pmd_locked</c>,
/// mm/huge_memory.c 6.1:2076, 6.12:2716): <c>pmdp_invalidate</c> marks the pmd invalid and flushes the TLB (an IPI on x86,
/// which the walker holds up, a broadcast elsewhere), the deposited table is withdrawn and filled with ptes mapping the
/// same pages through a pmd on the stack, and after <c>smp_wmb</c> ("make pte visible before pmd") <c>pmd_populate</c>
/// points the pmd at it. Every page stays mapped where it was.</summary>
/// <remarks>The table is filled before the step that hooks it, as the withdrawn deposit is out of every walker's reach
/// until then. The record keeps the huge mapping: the same addresses map the same frames.</remarks>
public static class Split
{
    /// <summary>The steps of splitting the huge pmd mapping that holds <paramref name="va"/>; none when no pmd leaf maps
    /// it.</summary>
    public static OtherCpuOperation Of(AddressSpace mm, VirtualAddress va)
    {
        var arch = mm.Arch;
        var huge = arch.Geometry.Leaf(Level.Pmd);
        var old = mm.MappingAt(va);
        var name = $"split_huge_pmd({(old is null ? va : old.Va)})";
        if (old is null || old.Size != huge || mm.Slot(old.Va, Level.Pmd) is not { } pmdp)
            return new OtherCpuOperation(name, []);
        var cpu = new Cpu(mm.Memory);
        var pmd = cpu.Load(pmdp);
        var table = mm.AllocateTable(Level.Pte);
        var small = arch.Geometry.BasePage;
        for (var i = 0UL; i < huge.Frames; i++)
            cpu.Store(arch.Geometry.Pointer(Level.Pte, table.Address) + (int)i, arch.MakeLeaf(small, old.Pfn + i, old.Flags));
        return new OtherCpuOperation(name,
        [
            new OtherCpuStep.Store("pmdp_invalidate", pmdp, arch.PmdMkInvalid(pmd)),
            OtherCpuStep.FlushTlb(arch, "flush_pmd_tlb_range"),
            new OtherCpuStep.Store("pmd_populate", pmdp, arch.TableEntry(Level.Pmd, table.Address)),
        ]);
    }
}
