using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.KernelOracle.Mirroring;

/// <summary>Where one architecture's page tables live in the server: the model allocates them from the kernel window of
/// <see cref="MachineMemory"/> (just below 2^52, or 2^48 for an arm64 kernel with 48-bit physical addresses), which no
/// user process can map on a 47-bit host, so the mirror places each table at the same offset in the server's table
/// window and rewrites the table origin of every entry that points to one. Everything else in an entry (flags, types,
/// frames) is copied unchanged.</summary>
public sealed class TableWindow
{
    /// <summary>The server's table window (oracle/PROTOCOL.md).</summary>
    public const ulong OracleBase = 0x0000_0800_0000_0000;

    /// <summary>Bytes of tables either window holds.</summary>
    public const ulong Size = 1UL << 40;

    private readonly IArchitecture arch;

    private TableWindow(IArchitecture arch)
    {
        this.arch = arch;
        // AddressSpace allocates its tables below 2^min(52, PhysicalAddressBits).
        ModelBase = MachineMemory.WindowBaseFor(Math.Min(52, arch.PhysicalAddressBits));
    }

    /// <summary>The window of <paramref name="arch"/>'s address spaces.</summary>
    public static TableWindow Of(IArchitecture arch) => new(arch);

    /// <summary>The model's table window.</summary>
    public ulong ModelBase { get; }

    /// <summary>The server's address of a model address inside the model's window; any other address unchanged.</summary>
    public ulong ToOracle(ulong address) =>
        address - ModelBase < Size ? address - ModelBase + OracleBase : address;

    /// <summary>The model's address of a server address inside the server's window; any other address unchanged.</summary>
    public ulong ToModel(ulong address) =>
        address - OracleBase < Size ? address - OracleBase + ModelBase : address;

    /// <summary>An entry as the server must hold it: a table entry's origin moved into the server's window.</summary>
    public ulong EntryToOracle(Entry entry) => Move(entry, ModelBase, OracleBase);

    /// <summary>An entry the server holds, as the model holds it.</summary>
    public ulong EntryToModel(Entry entry) => Move(entry, OracleBase, ModelBase);

    private ulong Move(Entry entry, ulong from, ulong to)
    {
        if (entry.Level == Level.Pte || arch.Leaf(entry))
            return entry.Raw;
        var origin = arch.TableAddress(entry);
        if (origin - from >= Size)
            return entry.Raw;
        // The origin's bits are swapped for the moved origin's, wherever the format keeps them (arm64 LPA2 holds
        // PA[51:50] in bits 9:8): pXd_populate's flags are the same for both and cancel out.
        return entry.Raw ^ arch.TableEntry(entry.Level, origin).Raw ^ arch.TableEntry(entry.Level, origin - from + to).Raw;
    }
}
