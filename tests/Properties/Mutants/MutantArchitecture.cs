using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;

namespace PgtableInvariants.Properties.Mutants;

/// <summary>An architecture that forwards every helper to a real one; a mutant overrides the one helper it breaks
/// (cheap structural mutants of the kind the kernel's history shows), to show that a property which holds can fail.</summary>
public class MutantArchitecture(IArchitecture inner) : IArchitecture
{
    protected IArchitecture Inner { get; } = inner;

    public virtual string Name => Inner.Name;

    public virtual Geometry Geometry => Inner.Geometry;

    public virtual IReadOnlyList<KernelEra> HelperEras => Inner.HelperEras;

    public virtual KernelEra Era => Inner.Era;

    public virtual IReadOnlyList<PageSize> HugeSizes => Inner.HugeSizes;

    public virtual ulong TaskSizeMax => Inner.TaskSizeMax;

    public virtual Pfn MaxPfn => Inner.MaxPfn;

    public virtual int PhysicalAddressBits => Inner.PhysicalAddressBits;

    public virtual bool HasGupFast => Inner.HasGupFast;

    public virtual int PageTableMemoryBits => Inner.PageTableMemoryBits;

    public virtual TableFreeing TableFreeing => Inner.TableFreeing;

    public virtual bool MigratesHugePmds => Inner.MigratesHugePmds;

    public virtual bool SplitsEntries => Inner.SplitsEntries;

    public virtual int PreallocatedPmds => Inner.PreallocatedPmds;

    public virtual ulong ThreadSize => Inner.ThreadSize;

    public virtual int TableEntries(Level level) => Inner.TableEntries(level);

    public virtual string TableName(Level level) => Inner.TableName(level);

    public virtual bool MmFolded(AddressSpace mm, Level level) => Inner.MmFolded(mm, level);

    public virtual int Index(Level level, VirtualAddress addr) => Inner.Index(level, addr);

    public virtual VirtualAddress AddrEnd(Level level, VirtualAddress addr, VirtualAddress end) => Inner.AddrEnd(level, addr, end);

    public virtual VirtualAddress AddrEndFolded(Entry entry, VirtualAddress addr, VirtualAddress end) => Inner.AddrEndFolded(entry, addr, end);

    public virtual EntryPointer PgdOffset(IMemory memory, AddressSpace mm, VirtualAddress addr) => Inner.PgdOffset(memory, mm, addr);

    public virtual EntryPointer Offset(IMemory memory, EntryPointer parentp, VirtualAddress addr) => Inner.Offset(memory, parentp, addr);

    public virtual EntryPointer OffsetLockless(IMemory memory, EntryPointer parentp, StackCopy parent, VirtualAddress addr) => Inner.OffsetLockless(memory, parentp, parent, addr);

    public virtual bool None(Entry entry) => Inner.None(entry);

    public virtual bool Present(Entry entry) => Inner.Present(entry);

    public virtual bool Bad(Entry entry) => Inner.Bad(entry);

    public virtual bool Leaf(Entry entry) => Inner.Leaf(entry);

    public virtual bool Huge(Entry entry) => Inner.Huge(entry);

    public virtual bool Write(Entry entry) => Inner.Write(entry);

    public virtual bool Young(Entry entry) => Inner.Young(entry);

    public virtual bool Dirty(Entry entry) => Inner.Dirty(entry);

    public virtual bool Special(Entry entry) => Inner.Special(entry);

    public virtual bool ProtNone(Entry entry) => Inner.ProtNone(entry);

    public virtual bool Devmap(Entry entry) => Inner.Devmap(entry);

    public virtual bool AccessPermitted(Entry entry, bool write) => Inner.AccessPermitted(entry, write);

    public virtual Entry MkYoung(Entry entry) => Inner.MkYoung(entry);

    public virtual Entry MkOld(Entry entry) => Inner.MkOld(entry);

    public virtual Entry MkDirty(Entry entry) => Inner.MkDirty(entry);

    public virtual Entry MkClean(Entry entry) => Inner.MkClean(entry);

    public virtual Entry MkWrite(Entry entry) => Inner.MkWrite(entry);

    public virtual Entry MkWriteNovma(Entry entry) => Inner.MkWriteNovma(entry);

    public virtual Entry Wrprotect(Entry entry) => Inner.Wrprotect(entry);

    public virtual Entry MkHuge(Entry entry) => Inner.MkHuge(entry);

    public virtual Entry PmdMkInvalid(Entry pmd) => Inner.PmdMkInvalid(pmd);

    public virtual Entry HugePteGet(Entry entry) => Inner.HugePteGet(entry);

    public virtual bool HasLeafHelpers(Level level) => Inner.HasLeafHelpers(level);

    public virtual Pfn Pfn(Entry entry) => Inner.Pfn(entry);

    public virtual Entry PfnEntry(Level level, Pfn pfn, VmFlags flags) => Inner.PfnEntry(level, pfn, flags);

    public virtual Entry MakeLeaf(PageSize size, Pfn pfn, VmFlags flags) => Inner.MakeLeaf(size, pfn, flags);

    public virtual ulong TableAddress(Entry entry) => Inner.TableAddress(entry);

    public virtual Entry TableEntry(Level level, ulong table) => Inner.TableEntry(level, table);

    public virtual Entry EmptyEntry(Level level) => Inner.EmptyEntry(level);

    public virtual void Clear(IMemory memory, EntryPointer p) => Inner.Clear(memory, p);

    public virtual void Populate(IMemory memory, EntryPointer p, ulong table) => Inner.Populate(memory, p, table);

    public virtual bool GupFastPermitted(IMemory memory, AddressSpace mm, VirtualAddress start, VirtualAddress end) => Inner.GupFastPermitted(memory, mm, start, end);
}
