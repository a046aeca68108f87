using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Arch.OtherCpus;

/// <summary><c>munmap</c> on another CPU, in the order of <c>unmap_region</c> (mm/mmap.c) under an mmu_gather:
/// <c>unmap_vmas</c> clears every leaf (<c>zap_pte_range</c>, <c>zap_huge_pmd</c>), <c>free_pgtables</c> unhooks every
/// table left without a mapping in its span, lowest level first (<c>free_pte_range</c>: <c>pmd_clear</c>, then
/// <c>pte_free_tlb</c>), and <c>tlb_finish_mmu</c> flushes the TLB and frees the gathered table pages as the
/// architecture's <see cref="TableFreeing"/> says. The freed pages are then handed out again.</summary>
/// <remarks>Each mapping is its own VMA, so a table is freed when its span holds no mapping any more (the floor and
/// ceiling of <c>free_pgd_range</c> are the neighbouring VMAs). Only mappings wholly inside the range are unmapped:
/// splitting a huge leaf is another operation.</remarks>
public static class Munmap
{
    /// <summary>The steps of <c>munmap(start, end - start)</c> on <paramref name="mm"/> as it stands now, freeing tables
    /// as <paramref name="freeing"/> says; each freed page is reused for another task's data, every word of it
    /// <paramref name="reuseWord"/>.</summary>
    public static OtherCpuOperation Of(AddressSpace mm, VirtualAddress start, VirtualAddress end, TableFreeing freeing, ulong reuseWord)
    {
        Guard.Argument(start < end, nameof(end), $"[{start}, {end}) is empty");
        var arch = mm.Arch;
        var cpu = new Cpu(mm.Memory);
        var gone = mm.Mappings.Where(m => m.Va >= start && m.End <= end && m.End > m.Va).ToList();
        var stores = new List<OtherCpuStep>();
        // Every table a gone mapping's walk passes through, with the slot that points to it and the span it maps.
        var hooked = new Dictionary<PageTable, (EntryPointer Parent, VirtualAddress Start, ulong Bytes)>();
        foreach (var mapping in gone)
        {
            var p = arch.PgdOffset(cpu, mm, mapping.Va);
            for (var level = Level.P4d; level <= mapping.Size.Level; level++)
            {
                var parentp = p;
                p = arch.Offset(cpu, parentp, mapping.Va);
                if (mm.Memory.TableAt(p.Address) is { } table && mm.Memory.TableAt(parentp.Address) != table)
                {
                    var bytes = (ulong)table.Entries * arch.Geometry[table.Level].Size;
                    hooked.TryAdd(table, (parentp, new VirtualAddress(mapping.Va.Value & ~(bytes - 1)), bytes));
                }
            }
            stores.Add(new OtherCpuStep.Store(ClearName(mapping.Size.Level), p, arch.EmptyEntry(p.Level), mapping));
        }
        var remaining = mm.Mappings.Except(gone).ToList();
        var unhooked = hooked
            .Where(t => !remaining.Any(m => Overlaps(m, t.Value.Start, t.Value.Bytes)))
            .Select(t => (Table: t.Key, t.Value.Parent))
            .ToList();
        // Lowest level first, then by address: free_pgtables' order.
        unhooked.Sort((a, b) => a.Table.Level != b.Table.Level ? b.Table.Level.CompareTo(a.Table.Level) : a.Table.Address.CompareTo(b.Table.Address));

        var steps = new List<OtherCpuStep>(stores);
        foreach (var (table, parentp) in unhooked)
        {
            steps.AddRange(Clear(arch, parentp));
            if (freeing == TableFreeing.AtOnce)
                AddFree(steps, table, $"{table.Level.Name()}_free", reuseWord);
        }
        var freed = unhooked.Select(t => t.Table).ToList();
        switch (freeing)
        {
            case TableFreeing.AfterIpiFlush:
                steps.Add(new OtherCpuStep.WaitForIpi("flush_tlb_mm_range"));
                freed.ForEach(t => AddFree(steps, t, "free_pages_and_swap_cache", reuseWord));
                break;
            case TableFreeing.AfterGracePeriod:
                steps.Add(new OtherCpuStep.BroadcastFlush("tlb_flush"));
                if (freed.Count > 0)
                    steps.Add(new OtherCpuStep.WaitForGracePeriod("call_rcu(tlb_remove_table_rcu)"));
                freed.ForEach(t => AddFree(steps, t, "__tlb_remove_table", reuseWord));
                break;
            case TableFreeing.AfterBroadcastFlush:
                steps.Add(new OtherCpuStep.BroadcastFlush("flush_tlb_mm"));
                freed.ForEach(t => AddFree(steps, t, "free_pages_and_swap_cache", reuseWord));
                break;
            case TableFreeing.AtOnce:
                steps.Add(new OtherCpuStep.BroadcastFlush("flush_tlb_mm"));
                break;
        }
        return new OtherCpuOperation($"munmap({start}, 0x{end.Value - start.Value:x})", steps);
    }

    private static void AddFree(List<OtherCpuStep> steps, PageTable table, string name, ulong reuseWord)
    {
        steps.Add(new OtherCpuStep.FreeTable(name, table));
        steps.Add(new OtherCpuStep.ReuseTable("alloc_pages", table, "another task's data", reuseWord));
    }

    /// <summary><c>pXd_clear</c> of a slot that points to a table; x86 PAE's <c>native_pmd_clear</c> stores the low half,
    /// which holds the present bit, then after an <c>smp_wmb</c> the high half (asm/pgtable-3level.h).</summary>
    private static IEnumerable<OtherCpuStep> Clear(IArchitecture arch, EntryPointer p)
    {
        var name = $"{p.Level.Name()}_clear";
        if (!arch.SplitsEntries || p.Level != Level.Pmd)
            return [new OtherCpuStep.Store(name, p, arch.EmptyEntry(p.Level))];
        var empty = arch.EmptyEntry(p.Level).Raw;
        return
        [
            new OtherCpuStep.StoreHalf($"{name}: pmd_low", p, (uint)empty, High: false),
            new OtherCpuStep.StoreHalf($"{name}: pmd_high", p, (uint)(empty >> 32), High: true),
        ];
    }

    private static string ClearName(Level level) =>
        level == Level.Pte ? "ptep_get_and_clear_full" : $"{level.Name()}p_huge_get_and_clear_full";

    /// <summary>True when <paramref name="m"/> maps part of the <paramref name="bytes"/> from <paramref name="start"/>.</summary>
    private static bool Overlaps(Mapping m, VirtualAddress start, ulong bytes) =>
        m.Va.Value - start.Value < bytes || start.Value - m.Va.Value < m.Size.Bytes;
}
