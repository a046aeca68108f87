using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;

namespace PgtableInvariants.Arch.Architectures;

/// <summary>The generic helpers of <c>include/linux/pgtable.h</c> and the folding rules of
/// <c>asm-generic/pgtable-nop{4d,ud,md}.h</c>. A model overrides only what its architecture header overrides.</summary>
public abstract class GenericArchitecture : IArchitecture
{
    /// <summary>An architecture whose helpers change in <paramref name="helperEras"/>, with the helpers of the
    /// newest of them at or before <paramref name="era"/>.</summary>
    protected GenericArchitecture(string name, Geometry geometry, IReadOnlyList<KernelEra> helperEras, KernelEra era)
    {
        Name = name;
        Geometry = geometry;
        HelperEras = helperEras;
        var own = era.NewestOf(helperEras);
        Guard.Argument(own is not null, nameof(era), $"{era} is older than {name}'s first helper era {helperEras[0]}");
        Era = own!;
    }

    public string Name { get; }

    public Geometry Geometry { get; }

    public IReadOnlyList<KernelEra> HelperEras { get; }

    public KernelEra Era { get; }

    public abstract IReadOnlyList<PageSize> HugeSizes { get; }

    public abstract Pfn MaxPfn { get; }

    public virtual int PhysicalAddressBits => 52;

    public virtual int PageTableMemoryBits => Math.Min(52, PhysicalAddressBits);

    public virtual int PreallocatedPmds => 0;

    public virtual ulong ThreadSize => SimulatedStack.ThreadSize64;

    public abstract ulong TaskSizeMax { get; }

    public virtual string TableName(Level level) => $"{level.Name()} table";

    /// <summary>Generic: <c>__is_defined(__PAGETABLE_PXD_FOLDED)</c>; x86 and riscv answer from the boot-time
    /// flags, which <see cref="FoldKind.Runtime"/> stands for.</summary>
    public virtual bool MmFolded(AddressSpace mm, Level level) => Geometry[level].IsFolded;

    public int Index(Level level, VirtualAddress addr) => Geometry[level].Index(addr);

    public virtual VirtualAddress AddrEnd(Level level, VirtualAddress addr, VirtualAddress end) =>
        Geometry[level].AddrEnd(addr, end);

    /// <summary>RFC v2 fallback: <c>#define pXd_addr_end_folded(x, a, e) pXd_addr_end(a, e)</c>.</summary>
    public virtual VirtualAddress AddrEndFolded(Entry entry, VirtualAddress addr, VirtualAddress end) =>
        AddrEnd(entry.Level, addr, end);

    /// <summary><c>pgd_offset(mm, a) = mm-&gt;pgd + pgd_index(a)</c>.</summary>
    public virtual EntryPointer PgdOffset(IMemory memory, AddressSpace mm, VirtualAddress addr) =>
        Geometry.Pointer(Level.Pgd, memory.LoadMm(mm, MmField.Pgd)) + Index(Level.Pgd, addr);

    /// <summary>Generic offset: a folded level returns its argument (<c>(pud_t *)p4dp</c>) without reading it;
    /// otherwise the table of <c>*parentp</c> plus the index (<c>pud_offset</c> re-reads the parent entry).</summary>
    public virtual EntryPointer Offset(IMemory memory, EntryPointer parentp, VirtualAddress addr)
    {
        var level = parentp.Level.Child();
        if (Geometry[level].IsFolded)
            return parentp.As(level);
        var parent = memory.Load(parentp);
        return Geometry.Pointer(level, TableAddress(parent)) + Index(level, addr);
    }

    /// <summary><c>include/linux/pgtable.h</c> (5.9+): <c>pud_offset_lockless(p4dp, p4d, a)</c> is
    /// <c>pud_offset(&amp;(p4d), a)</c>: it offsets from the address of the caller's copy.</summary>
    public virtual EntryPointer OffsetLockless(IMemory memory, EntryPointer parentp, StackCopy parent, VirtualAddress addr) =>
        Offset(memory, parent.Address, addr);

    /// <summary>nop headers: when the level below is folded, <c>pXd_none</c> is 0; the real check is the folded
    /// level's own, made on the same entry.</summary>
    public bool None(Entry entry) => !IsVacuous(entry.Level) && ArchNone(entry);

    /// <summary>nop headers: when the level below is folded, <c>pXd_present</c> is 1.</summary>
    public bool Present(Entry entry) => IsVacuous(entry.Level) || ArchPresent(entry);

    /// <summary>nop headers: when the level below is folded, <c>pXd_bad</c> is 0.</summary>
    public bool Bad(Entry entry) => !IsVacuous(entry.Level) && ArchBad(entry);

    /// <summary>Generic <c>pXd_leaf</c> is false.</summary>
    public virtual bool Leaf(Entry entry) => false;

    public virtual bool Huge(Entry entry) => Leaf(entry);

    public abstract bool Write(Entry entry);

    public abstract bool Young(Entry entry);

    public abstract bool Dirty(Entry entry);

    public abstract bool Special(Entry entry);

    public virtual bool ProtNone(Entry entry) => false;

    public virtual bool Devmap(Entry entry) => false;

    /// <summary>5.8 generic: <c>present(e) &amp;&amp; (!write || write_bit(e))</c>.</summary>
    public virtual bool AccessPermitted(Entry entry, bool write) => Present(entry) && (!write || Write(entry));

    public abstract Entry MkYoung(Entry entry);

    public abstract Entry MkOld(Entry entry);

    public abstract Entry MkDirty(Entry entry);

    public abstract Entry MkClean(Entry entry);

    public abstract Entry MkWrite(Entry entry);

    /// <summary>include/linux/pgtable.h (6.6+): the generic <c>pte_mkwrite(pte, vma)</c> is <c>pte_mkwrite_novma(pte)</c>,
    /// so the two agree unless an architecture gives the VMA form more to do.</summary>
    public virtual Entry MkWriteNovma(Entry entry) => MkWrite(entry);

    public abstract Entry Wrprotect(Entry entry);

    public abstract Entry MkHuge(Entry entry);

    public abstract Entry PmdMkInvalid(Entry pmd);

    public virtual bool HasLeafHelpers(Level level) => level == Level.Pte || HugeSizes.Any(s => s.Level == level);

    public abstract Pfn Pfn(Entry entry);

    public abstract Entry PfnEntry(Level level, Pfn pfn, VmFlags flags);

    /// <summary>The fault path: <c>pfn_pXd</c>, <c>pXd_mkhuge</c> for a huge leaf, <c>pXd_mkyoung</c>, and after a
    /// write to a writable mapping <c>maybe_mkwrite(pXd_mkdirty(entry))</c> (mm/memory.c, mm/huge_memory.c).</summary>
    public virtual Entry MakeLeaf(PageSize size, Pfn pfn, VmFlags flags)
    {
        var entry = PfnEntry(size.Level, pfn, flags);
        if (size.IsHuge)
            entry = MkHuge(entry);
        entry = MkYoung(entry);
        return flags.HasFlag(VmFlags.Write) ? MkWrite(MkDirty(entry)) : entry;
    }

    /// <summary>Generic <c>huge_ptep_get</c> is <c>ptep_get</c>: the leaf's own bits, read as a pte.</summary>
    public virtual Entry HugePteGet(Entry leaf) => leaf.As(Level.Pte);

    public abstract ulong TableAddress(Entry entry);

    public abstract Entry TableEntry(Level level, ulong table);

    public virtual int TableEntries(Level level) => Geometry[level].PtrsPer;

    public virtual Entry EmptyEntry(Level level) => new(level, 0);

    /// <summary>Generic clear writes the empty value; on a vacuous level (<c>pgd_clear</c> under nop4d) it does nothing.</summary>
    public virtual void Clear(IMemory memory, EntryPointer p)
    {
        if (!IsVacuous(p.Level))
            memory.Store(p, EmptyEntry(p.Level));
    }

    /// <summary>Populate writes the table entry; on a vacuous level (<c>pgd_populate</c> under nop4d) it does nothing.</summary>
    public virtual void Populate(IMemory memory, EntryPointer p, ulong table)
    {
        if (!IsVacuous(p.Level))
            memory.Store(p, TableEntry(p.Level, table));
    }

    /// <summary>Every architecture modelled selects HAVE_FAST_GUP in its eras, riscv excepted.</summary>
    public virtual bool HasGupFast => true;

    /// <summary>Entries as wide as the CPU's word: every load and store of one is whole.</summary>
    public virtual bool SplitsEntries => false;

    /// <summary>mm/Kconfig's <c>ARCH_ENABLE_THP_MIGRATION</c> is selected by few architectures (s390 is not one).</summary>
    public virtual bool MigratesHugePmds => false;

    /// <summary>asm-generic/tlb.h without <c>MMU_GATHER_TABLE_FREE</c>: table pages freed with the gathered pages, after
    /// the TLB flush; x86 without <c>PARAVIRT</c> (the x86 and i386 models), whose flush is an IPI.</summary>
    public virtual TableFreeing TableFreeing => TableFreeing.AfterIpiFlush;

    /// <summary>mm/gup.c default: <c>gup_fast_permitted</c> is true.</summary>
    public virtual bool GupFastPermitted(IMemory memory, AddressSpace mm, VirtualAddress start, VirtualAddress end) => true;

    /// <summary>True when the level below <paramref name="level"/> is folded, so this level's none/bad/present
    /// are the constants of the nop headers.</summary>
    protected bool IsVacuous(Level level) => level != Level.Pte && Geometry[level + 1].IsFolded;

    /// <summary>The architecture's own <c>pXd_none</c>, for a level whose child is real.</summary>
    protected abstract bool ArchNone(Entry entry);

    protected abstract bool ArchPresent(Entry entry);

    protected abstract bool ArchBad(Entry entry);

    public override string ToString() => Name;
}
