using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Arch.OtherCpus;

/// <summary>One step of another CPU, in the kernel's words: a store to an entry, a wait for the other CPUs, or the
/// page allocator freeing or reusing a table page.</summary>
/// <param name="Name">The kernel helper that makes it (<c>pmd_clear</c>, <c>flush_tlb_mm_range</c>).</param>
public abstract record OtherCpuStep(string Name)
{
    /// <summary>True for a wait that a CPU with interrupts off holds up.</summary>
    public virtual bool Waits => false;

    /// <summary>Makes the step on <paramref name="mm"/> through <paramref name="cpu"/>, the other CPU's own view; false
    /// when the operation gives up here and makes none of its further steps.</summary>
    internal abstract bool Run(AddressSpace mm, Cpu cpu);

    /// <summary>A TLB flush of the range <paramref name="name"/> flushes, as <paramref name="arch"/> makes it: an IPI
    /// every CPU of the mm must take where table pages are freed after it (x86), a broadcast elsewhere.</summary>
    public static OtherCpuStep FlushTlb(IArchitecture arch, string name) =>
        arch.TableFreeing == TableFreeing.AfterIpiFlush ? new WaitForIpi(name) : new BroadcastFlush(name);

    /// <summary>A store to an entry (<c>ptep_get_and_clear_full</c>, <c>pmd_clear</c>). <paramref name="Ends"/> is the
    /// mapping it takes away, <paramref name="Begins"/> the one it makes: the address space's record changes with it.</summary>
    public sealed record Store(string Name, EntryPointer Pointer, Entry Value, Mapping? Ends = null, Mapping? Begins = null) : OtherCpuStep(Name)
    {
        internal override bool Run(AddressSpace mm, Cpu cpu)
        {
            cpu.Store(Pointer, Value);
            if (Ends is not null)
                mm.Forget(Ends);
            if (Begins is not null)
                mm.Record(Begins);
            return true;
        }
    }

    /// <summary>A store to one 32-bit half of a 64-bit entry (x86 PAE's <c>native_set_pte</c>: <c>pte_high</c>, then
    /// <c>pte_low</c>); <paramref name="Begins"/> is the mapping the entry makes once this half is in.</summary>
    public sealed record StoreHalf(string Name, EntryPointer Pointer, uint Value, bool High, Mapping? Begins = null) : OtherCpuStep(Name)
    {
        internal override bool Run(AddressSpace mm, Cpu cpu)
        {
            mm.Memory.Write(Pointer.Address + (High ? 4UL : 0), 4, Value);
            if (Begins is not null)
                mm.Record(Begins);
            return true;
        }
    }

    /// <summary>A store to a field of the mm (<c>mm-&gt;pgd = …</c>, <c>mm-&gt;context.asce_limit = …</c>).</summary>
    public sealed record StoreMm(string Name, MmField Field, ulong Value) : OtherCpuStep(Name)
    {
        internal override bool Run(AddressSpace mm, Cpu cpu)
        {
            if (Field == MmField.Pgd)
                mm.Pgd = Value;
            else
                mm.AsceLimit = Value;
            return true;
        }
    }

    /// <summary>A count of the references on the folios of <paramref name="Folios"/> after unmapping them (khugepaged's
    /// <c>__collapse_huge_page_isolate</c>, migration's <c>folio_migrate_mapping</c>): an extra one on any of a folio's
    /// pages, a pin gup took, makes the operation give up after <paramref name="GiveUp"/>, which puts back what it took
    /// away.</summary>
    public sealed record CheckReferences(string Name, IReadOnlyList<Mapping> Folios, Store GiveUp) : OtherCpuStep(Name)
    {
        /// <summary>The first folio with an extra reference, if any.</summary>
        public Pfn? Referenced(AddressSpace mm) =>
            Folios.FirstOrDefault(m => mm.Memory.References.Extra(m.Pfn, m.Size.Frames) > 0)?.Pfn;

        internal override bool Run(AddressSpace mm, Cpu cpu)
        {
            if (Referenced(mm) is null)
                return true;
            GiveUp.Run(mm, cpu);
            return false;
        }
    }

    /// <summary>A wait until every CPU running the mm has taken an IPI (<c>flush_tlb_mm_range</c> on x86,
    /// <c>tlb_remove_table_sync_one</c>): a CPU with interrupts off takes it only when they are on again.</summary>
    public sealed record WaitForIpi(string Name) : OtherCpuStep(Name)
    {
        public override bool Waits => true;

        internal override bool Run(AddressSpace mm, Cpu cpu) => true;
    }

    /// <summary>A wait for an RCU grace period (<c>call_rcu</c> of <c>tlb_remove_table_rcu</c>): since the RCU flavours
    /// were merged (4.20), a CPU with interrupts off is in a read-side critical section, so the period ends only after
    /// they are on again.</summary>
    public sealed record WaitForGracePeriod(string Name) : OtherCpuStep(Name)
    {
        public override bool Waits => true;

        internal override bool Run(AddressSpace mm, Cpu cpu) => true;
    }

    /// <summary>A TLB invalidation that waits for nobody: arm64's broadcast <c>TLBI ...IS</c>, s390's <c>IDTE</c>, an
    /// SBI remote fence on riscv.</summary>
    public sealed record BroadcastFlush(string Name) : OtherCpuStep(Name)
    {
        internal override bool Run(AddressSpace mm, Cpu cpu) => true;
    }

    /// <summary>The page of <paramref name="Table"/>, unhooked before, goes back to the page allocator
    /// (<c>__tlb_remove_table</c>, <c>free_pages_and_swap_cache</c>).</summary>
    public sealed record FreeTable(string Name, PageTable Table) : OtherCpuStep(Name)
    {
        internal override bool Run(AddressSpace mm, Cpu cpu)
        {
            mm.Memory.FreeTable(Table);
            return true;
        }
    }

    /// <summary>The page allocator hands the freed page of <paramref name="Table"/> out again for <paramref name="Use"/>,
    /// which fills it with the word <paramref name="Word"/>.</summary>
    public sealed record ReuseTable(string Name, PageTable Table, string Use, ulong Word) : OtherCpuStep(Name)
    {
        internal override bool Run(AddressSpace mm, Cpu cpu)
        {
            mm.Memory.ReuseTable(Table, Use, Word);
            return true;
        }
    }
}
