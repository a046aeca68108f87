using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.KernelOracle.Mirroring;

/// <summary>Where the model's page tables live in the server: the model allocates them from
/// the kernel window of <see cref="MachineMemory"/> (just below 2^52), which no user process can map on a 47-bit host,
/// so the mirror places each table at the same offset in the server's table window and rewrites the table origin of
/// every entry that points to one. Everything else in an entry (flags, types, frames) is copied unchanged.</summary>
public static class TableWindow
{
    /// <summary>The server's table window (oracle/PROTOCOL.md).</summary>
    public const ulong OracleBase = 0x0000_0800_0000_0000;

    /// <summary>Bytes of tables either window holds.</summary>
    public const ulong Size = 1UL << 40;

    /// <summary>The model's table window: the servers run x86-64 and s390 models, whose tables lie below 2^52.</summary>
    private static readonly ulong ModelBase = MachineMemory.WindowBaseFor(52);

    /// <summary>The server's address of a model address inside the model's window; any other address unchanged.</summary>
    public static ulong ToOracle(ulong address) =>
        address - ModelBase < Size ? address - ModelBase + OracleBase : address;

    /// <summary>The model's address of a server address inside the server's window; any other address unchanged.</summary>
    public static ulong ToModel(ulong address) =>
        address - OracleBase < Size ? address - OracleBase + ModelBase : address;

    /// <summary>An entry as the server must hold it: a table entry's origin moved into the server's window.</summary>
    public static ulong EntryToOracle(IArchitecture arch, Entry entry) => Move(arch, entry, ModelBase, OracleBase);

    /// <summary>An entry the server holds, as the model holds it.</summary>
    public static ulong EntryToModel(IArchitecture arch, Entry entry) => Move(arch, entry, OracleBase, ModelBase);

    private static ulong Move(IArchitecture arch, Entry entry, ulong from, ulong to)
    {
        if (entry.Level == Level.Pte || arch.Leaf(entry))
            return entry.Raw;
        var origin = arch.TableAddress(entry);
        return origin - from < Size ? entry.Raw - origin + (origin - from + to) : entry.Raw;
    }
}
