using System.Runtime.InteropServices;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Arch.AddressSpaces;

/// <summary>A process address space: the kernel's <c>struct mm_struct</c> (its <c>pgd</c> and, on s390,
/// <c>context.asce_limit</c>), the memory its tables live in, and the builder's own record of what it mapped.</summary>
/// <remarks><c>Map</c> and <see cref="Unmap"/> build tables as the fault path does (<c>pgd_offset</c>,
/// <c>pXd_alloc</c>, <c>pXd_populate</c>); the record in <see cref="Mappings"/> is kept apart from the tables, so the
/// tables can be checked against it.</remarks>
public sealed class AddressSpace
{
    /// <summary>The record, ordered by address with one mapping an address, so a neighbour is found by binary search
    /// in O(log n) (a sorted set's view between two bounds counts what it holds first: O(n) a look).</summary>
    private readonly List<Mapping> mappings = [];

    /// <summary>A new mm with an empty top table; an s390 mm starts with <paramref name="levels"/> levels.</summary>
    public AddressSpace(IArchitecture arch, int levels = 0)
    {
        Arch = arch;
        Memory = new MachineMemory(arch.Geometry.PageShift, arch.PageTableMemoryBits, arch.Geometry.EntrySize, arch.ThreadSize);
        var top = Level.Pgd;
        if (arch is IDynamicFolding dynamic)
        {
            AsceLimit = dynamic.AsceLimitFor(levels);
            top = dynamic.TopTableLevel(AsceLimit);
        }
        Pgd = AllocateTable(top).Address;
        var cpu = new Cpu(Memory);
        for (var i = 0; i < arch.PreallocatedPmds; i++)
            arch.Populate(cpu, arch.Geometry.Pointer(Level.Pud, Pgd) + i, AllocateTable(Level.Pmd).Address);
    }

    /// <summary>The architecture and configuration whose helpers built and walk the tables.</summary>
    public IArchitecture Arch { get; }

    /// <summary>The memory holding the tables, the data frames and the stack.</summary>
    public MachineMemory Memory { get; }

    /// <summary><c>mm-&gt;pgd</c>: address of the top table.</summary>
    public ulong Pgd { get; internal set; }

    /// <summary>s390 <c>mm-&gt;context.asce_limit</c> (2^42 for 3 levels, 2^53 for 4, 2^64 - 4 KiB for 5); 0 elsewhere.</summary>
    public ulong AsceLimit { get; internal set; }

    /// <summary>The ground truth: every mapping made, by address.</summary>
    public IReadOnlyCollection<Mapping> Mappings => mappings;

    /// <summary>Real levels of this mm: those not folded statically, at boot, or (s390) by <c>asce_limit</c>.</summary>
    public int Levels => 5 - new[] { Level.P4d, Level.Pud, Level.Pmd }.Count(l => Arch.MmFolded(this, l));

    /// <summary>The ground-truth mapping that contains <paramref name="va"/>, if any.</summary>
    public Mapping? MappingAt(VirtualAddress va)
    {
        var below = AtOrBelow(va);
        return below is not null && below.Contains(va) ? below : null;
    }

    /// <summary>The entry of <paramref name="level"/> that holds <paramref name="va"/> (<c>pgd_offset</c>, then
    /// <c>pXd_offset</c> through present tables); null when an entry above it is not present or is a leaf.</summary>
    public EntryPointer? Slot(VirtualAddress va, Level level)
    {
        var cpu = new Cpu(Memory);
        var p = Arch.PgdOffset(cpu, this, va);
        for (var below = Level.P4d; below <= level; below++)
        {
            var entry = cpu.Load(p);
            if (!Arch.Present(entry) || Arch.Leaf(entry))
                return null;
            p = Arch.Offset(cpu, p, va);
        }
        return p;
    }

    /// <summary>The mapping with the highest start at or below <paramref name="va"/>.</summary>
    private Mapping? AtOrBelow(VirtualAddress va)
    {
        var i = IndexOf(va);
        var at = i >= 0 ? i : ~i - 1;
        return at >= 0 ? mappings[at] : null;
    }

    /// <summary>The mapping with the lowest start at or above <paramref name="va"/>.</summary>
    private Mapping? AtOrAbove(VirtualAddress va)
    {
        var i = IndexOf(va);
        var at = i >= 0 ? i : ~i;
        return at < mappings.Count ? mappings[at] : null;
    }

    /// <summary>The index of the mapping that starts at <paramref name="va"/>, else the complement of where it would go.</summary>
    private int IndexOf(VirtualAddress va) => CollectionsMarshal.AsSpan(mappings).BinarySearch(new StartingAt(va));

    /// <summary>Orders an address among the starts of the record's mappings.</summary>
    private readonly record struct StartingAt(VirtualAddress Va) : IComparable<Mapping>
    {
        public int CompareTo(Mapping? other) => Va.Value.CompareTo(other!.Va.Value);
    }

    /// <summary>Adds <paramref name="mapping"/> to the record unless one already starts at its address.</summary>
    private void Add(Mapping mapping)
    {
        var i = IndexOf(mapping.Va);
        if (i < 0)
            mappings.Insert(~i, mapping);
    }

    /// <summary>Takes the mapping that starts at <paramref name="mapping"/>'s address out of the record.</summary>
    private void Remove(Mapping mapping)
    {
        var i = IndexOf(mapping.Va);
        if (i >= 0)
            mappings.RemoveAt(i);
    }

    /// <summary>Maps <paramref name="size"/> bytes at <paramref name="va"/> to frames from <paramref name="pfn"/>,
    /// allocating tables on the way down as the fault path does.</summary>
    /// <exception cref="ArgumentException">Misaligned, beyond <c>TASK_SIZE</c>, overlapping another mapping, a huge
    /// size the architecture lacks, or frames that overlap page-table memory.</exception>
    public Mapping Map(VirtualAddress va, Pfn pfn, PageSize size, VmFlags flags = VmFlags.Read | VmFlags.Write)
    {
        // The address is judged before the frames: a pfn defaults to va >> PAGE_SHIFT, so an address beyond reach
        // would otherwise be reported as a frame beyond reach.
        Guard.Argument(size == Arch.Geometry.BasePage || Arch.HugeSizes.Contains(size), nameof(size), $"{Arch.Name} has no {size} leaf in this configuration");
        Guard.Argument(va.IsAligned(size.Bytes), nameof(va), $"{va} is not {size}-aligned");
        Guard.Argument(va.Value <= Arch.TaskSizeMax - size.Bytes, nameof(va),
            $"{va} ({size}) ends at {((va + size.Bytes).Value == 0 ? "the top of the 64-bit space" : (va + size.Bytes).ToString())}, above TASK_SIZE_MAX 0x{Arch.TaskSizeMax:x}");
        Guard.Argument((pfn.Value & (size.Frames - 1)) == 0, nameof(pfn), $"{pfn} is not {size}-aligned");
        Guard.Argument(pfn.Value <= Arch.MaxPfn.Value - (size.Frames - 1), nameof(pfn),
            $"{pfn}{(size.Frames > 1 ? $" + {size}" : "")} is beyond 0x{Arch.MaxPfn.Value:x}, the largest pfn {Arch.Name}'s entries hold");
        var end = va + size.Bytes;
        foreach (var m in (ReadOnlySpan<Mapping?>)[AtOrBelow(va), AtOrAbove(va)])
            Guard.Argument(m is null || m.End <= va || m.Va >= end, nameof(va),
                $"{va} ({size}) overlaps the mapping {m?.Va} ({m?.Size}, {(m is null ? "" : VmFlagsText.Format(m.Flags))})");
        Memory.AddData(pfn, size.Frames);

        if (Arch is IDynamicFolding dynamic)
            dynamic.CheckAsceLimit(this, va, size.Bytes);

        var cpu = new Cpu(Memory);
        var p = Arch.PgdOffset(cpu, this, va);
        for (var level = Level.P4d; level <= size.Level; level++)
        {
            var parent = cpu.Load(p);
            Guard.Argument(!Arch.Leaf(parent), nameof(va), $"{va} lies under a huge {parent}");
            if (Arch.None(parent))
            {
                Arch.Populate(cpu, p, AllocateTable(level).Address);
            }
            p = Arch.Offset(cpu, p, va);
        }
        var old = cpu.Load(p);
        Guard.Argument(Arch.None(old), nameof(va), $"{va}: the {size.Level.Name()} slot holds {old}, not an empty entry");
        cpu.Store(p, Arch.MakeLeaf(size, pfn, flags));
        var mapping = new Mapping(va, pfn, size, flags);
        Add(mapping);
        return mapping;
    }

    /// <summary>Maps a base page.</summary>
    public Mapping Map(VirtualAddress va, Pfn pfn, VmFlags flags = VmFlags.Read | VmFlags.Write) =>
        Map(va, pfn, Arch.Geometry.BasePage, flags);

    /// <summary>Unmaps the mapping that starts at <paramref name="va"/>: <c>pXd_clear</c> of its leaf. Tables stay,
    /// as they do until <c>free_pgtables</c>.</summary>
    public void Unmap(VirtualAddress va)
    {
        var mapping = MappingAt(va);
        Guard.Argument(mapping is not null && mapping.Va == va, nameof(va), $"no mapping starts at {va}");
        var cpu = new Cpu(Memory);
        var p = Arch.PgdOffset(cpu, this, va);
        for (var level = Level.P4d; level <= mapping!.Size.Level; level++)
            p = Arch.Offset(cpu, p, va);
        Arch.Clear(cpu, p);
        Remove(mapping);
    }

    /// <summary>Takes <paramref name="mapping"/> out of the record: another CPU's store has just cleared its leaf.</summary>
    internal void Forget(Mapping mapping) => Remove(mapping);

    /// <summary>Adds <paramref name="mapping"/> to the record: another CPU's store has just set its leaf.</summary>
    internal void Record(Mapping mapping)
    {
        Memory.AddData(mapping.Pfn, mapping.Size.Frames);
        Add(mapping);
    }

    /// <summary><c>pXd_alloc_one</c>: a table of <paramref name="level"/> entries, filled as the architecture fills it.</summary>
    internal PageTable AllocateTable(Level level) =>
        Memory.AllocateTable(level, Arch.TableName(level), Arch.TableEntries(level), Arch.EmptyEntry(level).Raw);
}
