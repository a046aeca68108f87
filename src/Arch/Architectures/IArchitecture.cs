using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;

namespace PgtableInvariants.Arch.Architectures;

/// <summary>The kernel's page-table helper vocabulary, per level, for one architecture configuration.</summary>
/// <remarks>Helpers are level-parametric: <c>Offset(p4dp, addr)</c> is <c>pud_offset</c> because a p4d pointer is
/// given; <c>None(pud)</c> is <c>pud_none</c> because the entry is a pud. Helpers that dereference a pointer do so
/// through <see cref="IMemory"/>, one load per dereference, as the C does.</remarks>
public interface IArchitecture
{
    /// <summary>Short name: <c>x86-64</c>, <c>s390</c>, <c>generic</c>.</summary>
    string Name { get; }

    /// <summary>SHIFT, PTRS_PER and folding of each level, as compiled.</summary>
    Geometry Geometry { get; }

    /// <summary>The kernel eras in which this architecture's helpers change, oldest first (x86-64: v5.8, v6.1, v6.12;
    /// s390: v5.8, v6.12; the generic nop models: v5.8 only).</summary>
    IReadOnlyList<KernelEra> HelperEras { get; }

    /// <summary>The era whose helpers these are: one of <see cref="HelperEras"/>.</summary>
    KernelEra Era { get; }

    /// <summary>The table holding entries of <paramref name="level"/>, as the architecture names it.</summary>
    string TableName(Level level);

    /// <summary><c>mm_pXd_folded(mm)</c>.</summary>
    bool MmFolded(AddressSpace mm, Level level);

    /// <summary><c>pXd_index(addr)</c>.</summary>
    int Index(Level level, VirtualAddress addr);

    /// <summary><c>pXd_addr_end(addr, end)</c>.</summary>
    VirtualAddress AddrEnd(Level level, VirtualAddress addr, VirtualAddress end);

    /// <summary><c>pXd_addr_end_folded(entry, addr, end)</c> of RFC v2 (Sep 2020): the boundary taken from the
    /// entry where the architecture can; the generic fallback is <c>pXd_addr_end</c>.</summary>
    VirtualAddress AddrEndFolded(Entry entry, VirtualAddress addr, VirtualAddress end);

    /// <summary><c>pgd_offset(mm, addr)</c>.</summary>
    EntryPointer PgdOffset(IMemory memory, AddressSpace mm, VirtualAddress addr);

    /// <summary><c>p4d_offset</c>, <c>pud_offset</c>, <c>pmd_offset</c>, <c>pte_offset_kernel</c>: the child
    /// level's pointer for <paramref name="addr"/>, re-reading <c>*parentp</c> where the level is not folded.</summary>
    EntryPointer Offset(IMemory memory, EntryPointer parentp, VirtualAddress addr);

    /// <summary><c>pXd_offset_lockless(parentp, parent, addr)</c> (d3f7b1bb2040, v5.9): decide on the value already
    /// read; the generic fallback offsets from the address of the copy, <c>pXd_offset(&amp;parent, addr)</c>.</summary>
    EntryPointer OffsetLockless(IMemory memory, EntryPointer parentp, StackCopy parent, VirtualAddress addr);

    bool None(Entry entry);

    bool Present(Entry entry);

    bool Bad(Entry entry);

    /// <summary><c>pXd_leaf</c> (<c>pXd_large</c> in 5.8): the entry maps memory rather than a table.</summary>
    bool Leaf(Entry entry);

    /// <summary><c>pXd_huge</c> as gup_fast uses it (the hugetlb helper). 6.12 has no <c>pXd_huge</c>: its callers test
    /// <c>pXd_leaf</c>, which is what an architecture without its own form answers.</summary>
    bool Huge(Entry entry);

    bool Write(Entry entry);

    bool Young(Entry entry);

    bool Dirty(Entry entry);

    /// <summary><c>pte_special</c>, and where the era has them <c>pmd_special</c>/<c>pud_special</c> (x86-64 6.12).</summary>
    bool Special(Entry entry);

    /// <summary><c>pXd_protnone</c> (CONFIG_NUMA_BALANCING).</summary>
    bool ProtNone(Entry entry);

    /// <summary><c>pXd_devmap</c>.</summary>
    bool Devmap(Entry entry);

    /// <summary><c>pXd_access_permitted(entry, write)</c>.</summary>
    bool AccessPermitted(Entry entry, bool write);

    Entry MkYoung(Entry entry);

    Entry MkOld(Entry entry);

    Entry MkDirty(Entry entry);

    Entry MkClean(Entry entry);

    /// <summary><c>pXd_mkwrite(entry, vma)</c> for an ordinary (not shadow-stack) VMA; before 6.6 <c>pXd_mkwrite(entry)</c>.</summary>
    Entry MkWrite(Entry entry);

    /// <summary><c>pXd_mkwrite_novma</c> (6.6+, with shadow stacks): the form a caller without a VMA has; where an era or
    /// level has no such form, <c>pXd_mkwrite</c> itself.</summary>
    Entry MkWriteNovma(Entry entry);

    Entry Wrprotect(Entry entry);

    Entry MkHuge(Entry entry);

    /// <summary>The value <c>pmdp_invalidate</c> leaves in a huge pmd before it flushes the TLB: no longer usable by the
    /// MMU, yet still <c>pmd_present</c> and a leaf to the kernel while a split or a migration holds it.</summary>
    Entry PmdMkInvalid(Entry pmd);

    /// <summary>True when the debug_vm_pgtable basic helpers (mkyoung … wrprotect, mkhuge) exist for leaves of
    /// <paramref name="level"/> in this architecture and era.</summary>
    bool HasLeafHelpers(Level level);

    /// <summary><c>pXd_pfn</c>.</summary>
    Pfn Pfn(Entry entry);

    /// <summary><c>pfn_pXd(pfn, vm_get_page_prot(flags))</c>.</summary>
    Entry PfnEntry(Level level, Pfn pfn, VmFlags flags);

    /// <summary>The leaf the fault path installs after the first access to a page of <paramref name="size"/>:
    /// young, and dirty and writable after a write when <paramref name="flags"/> allow it.</summary>
    Entry MakeLeaf(PageSize size, Pfn pfn, VmFlags flags);

    /// <summary><c>huge_ptep_get</c>: the pte-format view hugetlb code reads a huge leaf through.</summary>
    Entry HugePteGet(Entry leaf);

    /// <summary>The next-level table an entry points to (<c>pXd_page_vaddr</c> / <c>pXd_deref</c>).</summary>
    ulong TableAddress(Entry entry);

    /// <summary>The value <c>pXd_populate(mm, p, table)</c> writes.</summary>
    Entry TableEntry(Level level, ulong table);

    /// <summary>Entries of a new table of <paramref name="level"/>: <c>PTRS_PER</c>, or a whole page where the
    /// architecture allocates one (arm64 <c>pgd_alloc</c> when a level is folded into the pgd page).</summary>
    int TableEntries(Level level);

    /// <summary>The value a new table of <paramref name="level"/> entries is filled with (<c>pXd_alloc_one</c>).</summary>
    Entry EmptyEntry(Level level);

    /// <summary><c>pXd_clear(p)</c>.</summary>
    void Clear(IMemory memory, EntryPointer p);

    /// <summary><c>pXd_populate(mm, p, table)</c>.</summary>
    void Populate(IMemory memory, EntryPointer p, ulong table);

    /// <summary>True when the era's kernel builds gup_fast for this architecture (CONFIG_HAVE_FAST_GUP, 6.12
    /// CONFIG_HAVE_GUP_FAST); false for riscv before 6.8.</summary>
    bool HasGupFast { get; }

    /// <summary>True when its entries are 64 bits wide but loaded and stored 32 bits at a time (x86 PAE): a plain
    /// dereference reads two halves, <c>set_pte</c> writes the high half, then the low one.</summary>
    bool SplitsEntries { get; }

    /// <summary>True when the architecture selects <c>ARCH_ENABLE_THP_MIGRATION</c>: a transparent huge page is migrated
    /// with its pmd (<c>set_pmd_migration_entry</c>), not split first.</summary>
    bool MigratesHugePmds { get; }

    /// <summary>How <c>tlb_finish_mmu</c> flushes and frees the table pages <c>free_pgtables</c> unhooked.</summary>
    TableFreeing TableFreeing { get; }

    /// <summary><c>PREALLOCATED_PMDS</c> (arch/x86/mm/pgtable.c): how many pgd entries <c>pgd_alloc</c> fills with pmd
    /// tables at once (<c>pgd_prepopulate_pmd</c>); 0 everywhere but i386 with PAE.</summary>
    int PreallocatedPmds { get; }

    /// <summary><c>THREAD_SIZE</c>: the kernel stack a walker runs on (16 KiB; 8 KiB on i386).</summary>
    ulong ThreadSize { get; }

    /// <summary><c>gup_fast_permitted(start, end)</c>.</summary>
    bool GupFastPermitted(IMemory memory, AddressSpace mm, VirtualAddress start, VirtualAddress end);

    /// <summary>Huge leaf sizes the architecture maps (x86 2M and 1G, s390 1M and 2G).</summary>
    IReadOnlyList<PageSize> HugeSizes { get; }

    /// <summary><c>TASK_SIZE_MAX</c>: the first user address that can never be mapped.</summary>
    ulong TaskSizeMax { get; }

    /// <summary>Largest pfn an entry can hold.</summary>
    Pfn MaxPfn { get; }

    /// <summary>The bits of a physical address its entries and its hardware take: 52 on x86-64 (<c>__PHYSICAL_MASK_SHIFT</c>),
    /// 48 or 52 on arm64 (<c>PHYS_MASK_SHIFT</c>), 32 and 44 on i386 without and with PAE.</summary>
    int PhysicalAddressBits { get; }

    /// <summary>Page-table memory (and the kernel stack) is placed just below 2^bits: 2^min(52, <see
    /// cref="PhysicalAddressBits"/>), except on i386, whose page tables come from lowmem below 4 GiB (a PAE CR3 holds a
    /// 32-bit PDPT address).</summary>
    int PageTableMemoryBits { get; }
}
