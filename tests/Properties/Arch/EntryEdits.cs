using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Properties.Arch;

/// <summary>Entries changed by hand where Linux never writes them, for the hardware tests: the slot of a level that a
/// walk of an address reads, found with the mm's own offset helpers, and a new value for it.</summary>
internal static class EntryEdits
{
    /// <summary>The entry of <paramref name="level"/> that a walk of <paramref name="va"/> reads in <paramref name="mm"/>.</summary>
    public static EntryPointer SlotOf(AddressSpace mm, ulong va, Level level)
    {
        var cpu = new Cpu(mm.Memory);
        var p = mm.Arch.PgdOffset(cpu, mm, new VirtualAddress(va));
        while (p.Level < level)
            p = mm.Arch.Offset(cpu, p, new VirtualAddress(va));
        return p;
    }

    /// <summary>Stores <paramref name="change"/> of the value at <paramref name="p"/> there.</summary>
    public static void Change(AddressSpace mm, EntryPointer p, Func<ulong, ulong> change)
    {
        var cpu = new Cpu(mm.Memory);
        cpu.Store(p, new Entry(p.Level, change(cpu.Load(p).Raw)));
    }
}
