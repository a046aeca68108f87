using System.Globalization;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;

namespace PgtableInvariants.Arch.Memory;

/// <summary>One page-table page in simulated memory: its address, the level of the entries it holds, its slots.</summary>
/// <remarks>Slots change only through <see cref="MachineMemory"/> stores. <see cref="Id"/> is the allocation order,
/// stable across runs, so traces name tables the same way every time.</remarks>
public sealed class PageTable
{
    internal PageTable(int id, Level level, string name, ulong address, int entries, ulong fill, int entrySize)
    {
        EntrySize = entrySize;
        Id = id;
        Level = level;
        Name = name;
        Address = address;
        Entries = entries;
        this.fill = fill;
        blocks = new ulong[]?[(entries + BlockSize - 1) / BlockSize];
        end = address + (ulong)entries * (ulong)entrySize;
    }

    /// <summary>Allocation order within one memory.</summary>
    public int Id { get; }

    /// <summary>The level of the entries the table holds.</summary>
    public Level Level { get; }

    /// <summary>The table's name in its architecture (<c>pud table</c>, <c>region-3 table</c>).</summary>
    public string Name { get; }

    /// <summary>Physical (and, as on s390, kernel) address of slot 0.</summary>
    public ulong Address { get; }

    /// <summary>Number of entries.</summary>
    public int Entries { get; }

    /// <summary><c>sizeof(pXd_t)</c> of its slots.</summary>
    public int EntrySize { get; }

    /// <summary>Size in bytes.</summary>
    public ulong Bytes => (ulong)Entries * (ulong)EntrySize;

    /// <summary>Slots are kept in blocks made at the first store into them, the others read as the fill: a case
    /// builds thousands of mostly empty tables (an arm64 64K table has 8192 slots), and allocating each whole would
    /// make collections most of the suite's time.</summary>
    private const int BlockSize = 64;

    private ulong[]?[] blocks;
    private ulong fill;

    /// <summary>Whether the page still holds this table, was given back to the page allocator, or was taken again for
    /// something else.</summary>
    public TablePageState State { get; private set; }

    /// <summary>What the page holds since <see cref="TablePageState.Reused"/>.</summary>
    public string? ReusedAs { get; private set; }

    /// <summary><c>__free_page</c> of the table's page: its bytes stay as they were until the page is reused.</summary>
    internal void Free() => State = TablePageState.Freed;

    /// <summary>The page allocator hands the freed page out again, for <paramref name="use"/>, which fills every word of
    /// the old slots with <paramref name="word"/>.</summary>
    internal void Reuse(string use, ulong word)
    {
        (State, ReusedAs, fill) = (TablePageState.Reused, use, EntrySize == 8 ? word : word & uint.MaxValue);
        blocks = new ulong[]?[blocks.Length];
    }

    /// <summary>The value of slot <paramref name="index"/>; changed only by <see cref="MachineMemory"/> stores.</summary>
    internal ulong this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Entries, nameof(index));
            return blocks[index / BlockSize] is { } block ? block[index % BlockSize] : fill;
        }
        set
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Entries, nameof(index));
            ref var block = ref blocks[index / BlockSize];
            if (block is null)
            {
                block = new ulong[Math.Min(BlockSize, Entries)];
                Array.Fill(block, fill);
            }
            block[index % BlockSize] = value;
        }
    }

    private Dictionary<int, Target.TableSlot>? targets;

    /// <summary>What slot <paramref name="index"/> is now: a slot of this live table (made once per slot, as traces describe
    /// every load they record), or of its freed or reused page.</summary>
    public Target TargetOf(int index)
    {
        if (State != TablePageState.Live)
            return new Target.FreedTableSlot(this, index, ReusedAs);
        targets ??= [];
        if (!targets.TryGetValue(index, out var target))
            targets.Add(index, target = new Target.TableSlot(this, index));
        return target;
    }

    /// <summary>The raw value of slot <paramref name="index"/>, read without going through a CPU (for pictures and checks).</summary>
    public ulong Peek(int index) => this[index];

    /// <summary>A pointer to slot <paramref name="index"/>.</summary>
    public EntryPointer At(int index) => new(Level, Address + (ulong)index * (ulong)EntrySize, EntrySize);

    private readonly ulong end;

    /// <summary>The slot that holds byte <paramref name="address"/> of the table.</summary>
    internal int SlotOf(ulong address) => (int)((address - Address) / (ulong)EntrySize);

    /// <summary>True when <paramref name="address"/> lies inside the table.</summary>
    public bool Contains(ulong address) => address >= Address && address < end;

    public override string ToString() =>
        $"{Name} #{Id} @{Address.ToString("x", CultureInfo.InvariantCulture)} ({Entries} entries)";
}
