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

    private readonly ulong[]?[] blocks;
    private readonly ulong fill;

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

    /// <summary>What slot <paramref name="index"/> is, made once per slot: traces describe every load they record.</summary>
    public Target.TableSlot TargetOf(int index)
    {
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
