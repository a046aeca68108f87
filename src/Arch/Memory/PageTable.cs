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
        Slots = new ulong[entries];
        Array.Fill(Slots, fill);
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
    public int Entries => Slots.Length;

    /// <summary><c>sizeof(pXd_t)</c> of its slots.</summary>
    public int EntrySize { get; }

    /// <summary>Size in bytes.</summary>
    public ulong Bytes => (ulong)Slots.Length * (ulong)EntrySize;

    internal ulong[] Slots { get; }

    private Target.TableSlot?[]? targets;

    /// <summary>What slot <paramref name="index"/> is, made once per slot: traces describe every load they record.</summary>
    public Target.TableSlot TargetOf(int index)
    {
        targets ??= new Target.TableSlot?[Slots.Length];
        return targets[index] ??= new Target.TableSlot(this, index);
    }

    /// <summary>The raw value of slot <paramref name="index"/>, read without going through a CPU (for pictures and checks).</summary>
    public ulong Peek(int index) => Slots[index];

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
