using PgtableInvariants.Arch.Entries;

namespace PgtableInvariants.Arch.Memory;

/// <summary>A kernel stack in simulated memory: it grows down from <see cref="MachineMemory.StackTop"/>, and each
/// copy whose address a walker takes is placed as the <see cref="StackLayout"/> says.</summary>
/// <remarks>Memory above the outermost frame is not ours: reading it is an unmapped access.</remarks>
public sealed class SimulatedStack
{
    /// <summary>KASAN stack red zones are 32 bytes; a variable is padded to 32 with a partial red zone.</summary>
    private const ulong KasanGranule = 32;

    private readonly Dictionary<ulong, Target> words = [];
    private readonly Dictionary<ulong, ulong> values = [];
    private ulong sp = MachineMemory.StackTop;

    internal SimulatedStack()
    {
    }

    /// <summary>The layout in force for the next pushes.</summary>
    public StackLayout Layout { get; set; } = StackLayout.CallerCopy;

    /// <summary>The current stack pointer.</summary>
    public ulong Pointer => sp;

    /// <summary>Spills <paramref name="value"/> to a new slot owned by <paramref name="owner"/> and returns it.</summary>
    public StackCopy Push(Entry value, string owner)
    {
        switch (Layout)
        {
            case StackLayout.CallerCopy:
                sp -= EntryPointer.EntrySize;
                break;
            case StackLayout.Zero:
                sp -= EntryPointer.EntrySize;
                sp -= EntryPointer.EntrySize;
                break;
            case StackLayout.RedZone:
                sp -= KasanGranule;
                sp -= KasanGranule;
                break;
        }
        var copy = new StackCopy(value, new EntryPointer(value.Level, sp), owner);
        words[sp] = new Target.StackCopySlot(copy);
        values[sp] = value.Raw;
        var after = sp + EntryPointer.EntrySize;
        switch (Layout)
        {
            case StackLayout.Zero:
                words[after] = new Target.StackPadding(copy);
                values[after] = 0;
                break;
            case StackLayout.RedZone:
                for (var a = after; a < sp + 2 * KasanGranule; a += EntryPointer.EntrySize)
                {
                    words[a] = new Target.StackRedZone(copy);
                    values[a] = 0;
                }
                break;
        }
        return copy;
    }

    /// <summary>Returns from a frame: everything below <paramref name="mark"/> (an earlier <see cref="Pointer"/>) dies.</summary>
    public void PopTo(ulong mark)
    {
        while (sp < mark)
        {
            words.Remove(sp);
            values.Remove(sp);
            sp += EntryPointer.EntrySize;
        }
    }

    internal bool TryRead(ulong address, out ulong value, out Target into)
    {
        if (words.TryGetValue(address, out var target))
        {
            into = target;
            value = values[address];
            return true;
        }
        value = 0;
        into = Target.Unmapped;
        return false;
    }

    internal bool TryWrite(ulong address, ulong value)
    {
        if (words.TryGetValue(address, out var target) && target is Target.StackCopySlot)
        {
            values[address] = value;
            return true;
        }
        return false;
    }
}
