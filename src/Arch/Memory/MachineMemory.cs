using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;

namespace PgtableInvariants.Arch.Memory;

/// <summary>One simulated 64-bit memory: page-table pages, the data frames that mappings point to, and a kernel
/// stack. Addresses of tables are both physical and kernel addresses, as in s390's identity map.</summary>
/// <remarks>Page tables and the stack live in a kernel window just below the top of the physical addresses entries can
/// hold (2^52, so every x86-64 table pointer fits <c>PTE_PFN_MASK</c>; 2^48 for an arm64 kernel with 48-bit PAs; 2^32
/// for i386 without PAE); data frames may not overlap it, so tables and data never share an address. Table slots have
/// the configuration's entry size; a load or store of another size gathers or scatters the bytes little-endian, as a
/// 32-bit CPU reading one half of a PAE entry does.</remarks>
public sealed class MachineMemory
{
    /// <summary>Bytes of the kernel window: 16 TiB below the top, or the top quarter of a smaller physical space (1 GiB
    /// for 32-bit physical addresses, where i386 keeps its lowmem).</summary>
    private static ulong WindowBytes(int physicalBits) => Math.Min(1UL << 44, 1UL << (physicalBits - 2));

    /// <summary>The window's start for <paramref name="physicalBits"/>-bit physical addresses: 0x000f_f000_0000_0000 for 52,
    /// 0xc000_0000 for 32.</summary>
    public static ulong WindowBaseFor(int physicalBits) => (1UL << physicalBits) - WindowBytes(physicalBits);

    /// <summary>Start of the kernel window: page tables are allocated upward from here.</summary>
    public ulong KernelWindowBase { get; }

    /// <summary>End of the kernel window (exclusive) and top of the kernel stack, which grows down.</summary>
    public ulong StackTop { get; }

    /// <summary>Tables are found by 2 KiB granule, the size of the smallest table (an s390 page table).</summary>
    private const int GranuleShift = 11;

    /// <summary>The table of each granule from the window's base up to the next free table byte (null in the gaps
    /// alignment leaves): tables are only ever added above, so the granules in use are the first few.</summary>
    private readonly List<PageTable?> tablesByGranule = [];
    private readonly List<PageTable> tables = [];
    /// <summary>The data regions by first frame, ascending, one a first frame (the largest made there).</summary>
    private readonly List<(ulong Start, ulong Frames)> data = [];
    private ulong nextTable;
    private PageTable? lastHit;
    private PageTable? previousHit;

    /// <summary>A memory whose data frames are pages of <paramref name="pageShift"/> (<c>PAGE_SHIFT</c>), whose page
    /// tables lie just below 2^<paramref name="physicalBits"/> (32 to 52) and hold entries of <paramref name="entrySize"/>
    /// bytes, as do the stack copies of entries, on a kernel stack of <paramref name="threadSize"/> bytes.</summary>
    public MachineMemory(int pageShift = 12, int physicalBits = 52, int entrySize = EntryPointer.Bytes64, ulong threadSize = SimulatedStack.ThreadSize64)
    {
        Guard.Argument(physicalBits is >= 32 and <= 52, nameof(physicalBits), $"page-table memory lies below 2^32 … 2^52, not 2^{physicalBits}");
        Guard.Argument(entrySize is 4 or 8, nameof(entrySize), $"entries are 4 or 8 bytes, not {entrySize}");
        this.pageShift = pageShift;
        EntrySize = entrySize;
        StackTop = 1UL << physicalBits;
        KernelWindowBase = WindowBaseFor(physicalBits);
        stackReserve = Math.Min(1UL << 32, WindowBytes(physicalBits) / 4);
        nextTable = KernelWindowBase;
        Stack = new SimulatedStack(StackTop, entrySize, threadSize);
    }

    /// <summary><c>sizeof(pte_t)</c>: the size of every table slot and stack copy.</summary>
    public int EntrySize { get; }

    /// <summary>The top of the window that tables leave to the stack.</summary>
    private readonly ulong stackReserve;

    private readonly int pageShift;

    /// <summary>The references gup took on data pages.</summary>
    public PageReferences References { get; } = new();

    /// <summary>The kernel stack of the (one) CPU that walks.</summary>
    public SimulatedStack Stack { get; }

    /// <summary>Live page tables in allocation order.</summary>
    public IReadOnlyList<PageTable> Tables => tables;

    /// <summary>The page allocator takes back the page of <paramref name="table"/>, which no entry points to any more
    /// (<c>free_pgtables</c> cleared its parent): its bytes stay until the page is reused.</summary>
    public void FreeTable(PageTable table)
    {
        Guard.Argument(table.State == TablePageState.Live && tables.Remove(table), nameof(table), $"{table} is not a live table of this memory");
        table.Free();
    }

    /// <summary>The page allocator hands the freed page of <paramref name="table"/> out again, for <paramref name="use"/>,
    /// which fills it with the word <paramref name="word"/>.</summary>
    public void ReuseTable(PageTable table, string use, ulong word)
    {
        Guard.Argument(table.State == TablePageState.Freed, nameof(table), $"{table} is not a freed table page");
        table.Reuse(use, word);
    }

    /// <summary>The frames of the kernel window, as a user reads them: <c>pfn 0xff00000000-0xffffffffff</c> for 4K pages
    /// and 52-bit physical addresses.</summary>
    public static string KernelWindowFrames(int pageShift, int physicalBits) =>
        $"pfn 0x{WindowBaseFor(physicalBits) >> pageShift:x}-0x{((1UL << physicalBits) >> pageShift) - 1:x}";

    /// <summary>True when <paramref name="frames"/> data frames from <paramref name="pfn"/> would overlap the kernel window.</summary>
    public bool InKernelWindow(Pfn pfn, ulong frames) =>
        pfn.Value < StackTop >> pageShift && unchecked(pfn.Value + frames) > KernelWindowBase >> pageShift;

    /// <summary><c>pXd_alloc_one</c>: a new table of <paramref name="entries"/> slots set to <paramref name="fill"/>,
    /// aligned to its size.</summary>
    public PageTable AllocateTable(Level level, string name, int entries, ulong fill)
    {
        var bytes = (ulong)entries * (ulong)EntrySize;
        var alignment = Math.Max(bytes, 1UL << GranuleShift);
        var address = (nextTable + alignment - 1) & ~(alignment - 1);
        Guard.State(address + bytes <= StackTop - stackReserve, "kernel window exhausted");
        nextTable = address + bytes;
        var table = new PageTable(tables.Count, level, name, address, entries, fill, EntrySize);
        tables.Add(table);
        var last = (int)((address + bytes - 1 - KernelWindowBase) >> GranuleShift);
        while (tablesByGranule.Count <= last)
            tablesByGranule.Add(null);
        for (var g = (int)((address - KernelWindowBase) >> GranuleShift); g <= last; g++)
            tablesByGranule[g] = table;
        return table;
    }

    /// <summary>Marks <paramref name="frames"/> frames from <paramref name="first"/> as data of a mapping.</summary>
    public void AddData(Pfn first, ulong frames)
    {
        Guard.Argument(!InKernelWindow(first, frames), nameof(first),
            $"{first}{(frames > 1 ? $" + {frames} frames" : "")} overlaps {KernelWindowFrames(pageShift, BitOperations.Log2(StackTop))}, the frames of page tables and the kernel stack");
        var i = CollectionsMarshal.AsSpan(data).BinarySearch(new RegionStartingAt(first.Value));
        if (i < 0)
            data.Insert(~i, (first.Value, frames));
        else if (data[i].Frames < frames)
            data[i] = (first.Value, frames);
    }

    /// <summary>Orders a frame among the first frames of the data regions.</summary>
    private readonly record struct RegionStartingAt(ulong Frame) : IComparable<(ulong Start, ulong Frames)>
    {
        public int CompareTo((ulong Start, ulong Frames) other) => Frame.CompareTo(other.Start);
    }

    /// <summary>The table holding <paramref name="address"/>, if any.</summary>
    /// <remarks>Tables lie between the window's base and the next free byte, so anything else (the stack, data) is
    /// told at once. The two tables used last are kept at hand: a walk alternates between a table and its parent
    /// (and a traced walk between its own loads and the offset helper's).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PageTable? TableAt(ulong address)
    {
        if (!InTableWindow(address))
            return null;
        if (lastHit is { } last && last.Contains(address))
            return last;
        return previousHit is { } previous && previous.Contains(address) ? previous : LookUpTable(address);
    }

    private PageTable? LookUpTable(ulong address)
    {
        var granule = (address - KernelWindowBase) >> GranuleShift;
        if (granule >= (ulong)tablesByGranule.Count || tablesByGranule[(int)granule] is not { } table || !table.Contains(address))
            return null;
        (previousHit, lastHit) = (lastHit, table);
        return table;
    }

    /// <summary>True for an address between the window's base and the next free table byte: a table slot, or a gap
    /// between tables. Tables are only ever added above it, so what such an address points into changes only when
    /// another CPU frees a table page (<see cref="FreeTable"/>).</summary>
    public bool InTableWindow(ulong address) => unchecked(address - KernelWindowBase) < nextTable - KernelWindowBase;

    /// <summary>What <paramref name="address"/> points into.</summary>
    public Target Describe(ulong address)
    {
        if (TableAt(address) is { } table)
            return table.TargetOf(table.SlotOf(address));
        if (Stack.TryRead(StackWord(address), out _, out var into, out _))
            return into;
        return DataAt(address) is { } pfn ? new Target.DataFrame(pfn) : Target.Unmapped;
    }

    /// <summary>Reads <paramref name="size"/> bytes (4 or 8). A fault returns 0 and says why.</summary>
    public ulong Read(ulong address, int size, out FaultKind fault)
    {
        var table = TableAt(address);
        if (table is not null && Fits(table, address, size))
        {
            fault = FaultKind.None;
            return size == table.EntrySize ? table[table.SlotOf(address)] : Gather(table, address, size);
        }
        if (address - StackWord(address) + (ulong)size <= (ulong)EntrySize && Stack.TryRead(StackWord(address), out var value, out _, out var poisoned))
        {
            // A half of a copy, as x86 PAE's READ_ONCE of a 64-bit entry loads it: the bytes at its offset in the word.
            fault = poisoned ? FaultKind.StackOutOfBounds : FaultKind.None;
            return poisoned ? 0 : (value >> (8 * (int)(address - StackWord(address)))) & Low(size);
        }
        fault = DataAt(address) is null ? FaultKind.Unmapped : FaultKind.DataPage;
        return 0;
    }

    /// <summary>Writes the low <paramref name="size"/> bytes (4 or 8) of <paramref name="value"/> to a table slot or a
    /// stack copy. Anything else faults and changes nothing.</summary>
    public FaultKind Write(ulong address, int size, ulong value)
    {
        var table = TableAt(address);
        if (table is not null && Fits(table, address, size))
        {
            if (size == table.EntrySize)
                table[table.SlotOf(address)] = value & Low(size);
            else
                Scatter(table, address, size, value);
            return FaultKind.None;
        }
        if (size == EntrySize && Stack.TryWrite(address, value & Low(size)))
            return FaultKind.None;
        if (Stack.TryRead(address, out _, out _, out var poisoned) && poisoned)
            return FaultKind.StackOutOfBounds;
        return DataAt(address) is null ? FaultKind.Unmapped : FaultKind.DataPage;
    }

    /// <summary>The stack word <paramref name="address"/> lies in.</summary>
    private ulong StackWord(ulong address) => address & ~(ulong)(EntrySize - 1);

    /// <summary>True for a naturally aligned access that lies wholly inside <paramref name="table"/>.</summary>
    private static bool Fits(PageTable table, ulong address, int size) =>
        (address & (ulong)(size - 1)) == 0 && table.Contains(address + (ulong)size - 1);

    private static ulong Low(int size) => size == 8 ? ulong.MaxValue : (1UL << (8 * size)) - 1;

    /// <summary>The bytes of an access whose size is not the slots': little-endian, slot by slot.</summary>
    private static ulong Gather(PageTable table, ulong address, int size)
    {
        var value = 0UL;
        for (var i = 0; i < size; i++)
        {
            var at = address + (ulong)i;
            var shift = 8 * (int)((at - table.Address) % (ulong)table.EntrySize);
            value |= ((table[table.SlotOf(at)] >> shift) & 0xff) << (8 * i);
        }
        return value;
    }

    private static void Scatter(PageTable table, ulong address, int size, ulong value)
    {
        for (var i = 0; i < size; i++)
        {
            var at = address + (ulong)i;
            var shift = 8 * (int)((at - table.Address) % (ulong)table.EntrySize);
            var slot = table.SlotOf(at);
            table[slot] = (table[slot] & ~(0xffUL << shift)) | (((value >> (8 * i)) & 0xff) << shift);
        }
    }

    private Pfn? DataAt(ulong address)
    {
        var frame = address >> pageShift;
        foreach (var (start, frames) in data)
        {
            if (start > frame)
                break;
            if (frame - start < frames)
                return new Pfn(frame);
        }
        return null;
    }
}
