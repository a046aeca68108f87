using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Properties.Arch;

/// <summary>The entries of an mm's tables as the tests reach them: through the mm's own offset helpers, as the fault
/// path does, and changed by a plain store (also where Linux never writes them, for the hardware tests).</summary>
internal static class TableSlots
{
    /// <summary>The pointer to the entry of <paramref name="level"/> that translates <paramref name="va"/>.</summary>
    public static EntryPointer SlotOf(AddressSpace mm, ulong va, Level level)
    {
        var cpu = new Cpu(mm.Memory);
        var p = mm.Arch.PgdOffset(cpu, mm, new VirtualAddress(va));
        while (p.Level != level)
            p = mm.Arch.Offset(cpu, p, new VirtualAddress(va));
        return p;
    }

    /// <summary>Stores <paramref name="change"/> of the entry at <paramref name="p"/> in its place.</summary>
    public static void Change(AddressSpace mm, EntryPointer p, Func<Entry, Entry> change)
    {
        var cpu = new Cpu(mm.Memory);
        cpu.Store(p, change(cpu.Load(p)));
    }

    /// <summary>Stores <paramref name="change"/> of the raw value at <paramref name="p"/> in its place.</summary>
    public static void ChangeRaw(AddressSpace mm, EntryPointer p, Func<ulong, ulong> change) =>
        Change(mm, p, e => new Entry(p.Level, change(e.Raw)));

    /// <summary>The entry at <paramref name="p"/> now.</summary>
    public static Entry Read(AddressSpace mm, EntryPointer p) => new Cpu(mm.Memory).Load(p);
}
