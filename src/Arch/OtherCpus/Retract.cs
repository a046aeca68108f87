using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Arch.OtherCpus;

/// <summary>khugepaged collapsing a file's pages into a huge page on another CPU, as it reaches an mm that maps them
/// (mm/khugepaged.c): <c>collapse_file</c> unmaps the small pages (<c>unmap_mapping_pages</c>: the ptes cleared, the TLB
/// flushed), then <c>retract_page_tables</c> takes the emptied pte table away: <c>pmdp_collapse_flush</c> clears the pmd
/// and flushes the TLB, and the table page is freed, so the next fault maps the huge page with a pmd. How the table is
/// freed is the era's: at once (<c>pte_free</c>, 5.8–6.0), after <c>tlb_remove_table_sync_one</c>'s IPI where tables
/// are freed by RCU (2ba99c5e0881, "mm/khugepaged: fix GUP-fast interaction by sending IPI", in 6.1), after an RCU
/// grace period (<c>pte_free_defer</c>, from 6.6).</summary>
/// <remarks>Before 6.1 nothing between the pmd clear and the free waits for a walker where the TLB flush is a broadcast
/// (s390, arm64): a gup_fast that read the pmd just before reads the freed table.</remarks>
public static class Retract
{
    /// <summary>The steps of collapsing the file pages under the pmd that holds <paramref name="va"/> and retracting its
    /// pte table, each freed page then reused with <paramref name="reuseWord"/>; none when that pmd is not a table.</summary>
    public static OtherCpuOperation Of(AddressSpace mm, VirtualAddress va, ulong reuseWord)
    {
        var arch = mm.Arch;
        var huge = arch.Geometry.Leaf(Level.Pmd);
        var start = new VirtualAddress(va.Value & ~(huge.Bytes - 1));
        var name = $"retract_page_tables({start})";
        var cpu = new Cpu(mm.Memory);
        if (mm.Slot(start, Level.Pmd) is not { } pmdp || !arch.Present(cpu.Load(pmdp)) || arch.Leaf(cpu.Load(pmdp))
            || mm.Memory.TableAt(arch.Offset(cpu, pmdp, start).Address) is not { } table)
            return new OtherCpuOperation(name, []);
        var pages = mm.Mappings.Where(m => m.Va >= start && m.Va.Value - start.Value < huge.Bytes).ToList();
        var steps = new List<OtherCpuStep>();
        steps.AddRange(pages.Select(m => new OtherCpuStep.Store("zap_pte_range", arch.Offset(cpu, pmdp, m.Va), arch.EmptyEntry(Level.Pte), Ends: m)));
        if (pages.Count > 0)
            steps.Add(OtherCpuStep.FlushTlb(arch, "tlb_flush_mmu"));
        steps.Add(new OtherCpuStep.Store("pmdp_collapse_flush", pmdp, arch.EmptyEntry(Level.Pmd)));
        steps.Add(OtherCpuStep.FlushTlb(arch, "flush_tlb_range"));
        var era = arch.Era.Order;
        if (era >= KernelEra.V6_8.Order)
        {
            steps.Add(new OtherCpuStep.WaitForGracePeriod("pte_free_defer"));
            steps.Add(new OtherCpuStep.FreeTable("pte_free_now", table));
        }
        else
        {
            if (era >= KernelEra.V6_1.Order && arch.TableFreeing == TableFreeing.AfterGracePeriod)
                steps.Add(new OtherCpuStep.WaitForIpi("tlb_remove_table_sync_one"));
            steps.Add(new OtherCpuStep.FreeTable("pte_free", table));
        }
        steps.Add(new OtherCpuStep.ReuseTable("alloc_pages", table, "another task's data", reuseWord));
        return new OtherCpuOperation(name, steps);
    }
}
