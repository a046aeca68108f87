using PgtableInvariants.Arch.Entries;

namespace PgtableInvariants.Arch.Memory;

/// <summary>A kernel stack in simulated memory: it grows down from the top of the kernel window, and each
/// copy whose address a walker takes is placed as the <see cref="StackLayout"/> says.</summary>
/// <remarks>Memory above the outermost frame is not ours: reading it is an unmapped access. Below the stack pointer,
/// down to the stack's end <see cref="ThreadSize"/> below the top, lie dead frames: they read as stale zeroes, and the
/// lowest word as <c>STACK_END_MAGIC</c> (<c>set_task_stack_end_magic</c>); below that is the guard page of a vmapped
/// stack.</remarks>
public sealed class SimulatedStack
{
    /// <summary><c>THREAD_SIZE</c> of x86-64, s390 and arm64 (with 4K or 16K pages): 16 KiB.</summary>
    public const ulong ThreadSize64 = 16 * 1024;

    /// <summary><c>THREAD_SIZE</c> of this stack: 16 KiB, or 8 KiB on i386 (page_32_types.h THREAD_SIZE_ORDER 1).</summary>
    public ulong ThreadSize { get; }

    /// <summary><c>STACK_END_MAGIC</c>, at <c>end_of_stack()</c>.</summary>
    public const ulong StackEndMagic = 0x57AC6E9D;

    /// <summary>KASAN stack red zones are 32 bytes; a variable is padded to 32 with a partial red zone.</summary>
    private const ulong KasanGranule = 32;

    /// <summary>The live words, the one just below the top first: what each is and its value.</summary>
    private readonly List<(Target Into, ulong Value, bool Poisoned)> words = [];
    private readonly ulong top;
    private ulong sp;

    /// <summary>A stack below <paramref name="top"/> whose copies of entries are <paramref name="wordSize"/> bytes, the
    /// entry size (<c>pte_t</c> is 4 bytes on i386 without PAE).</summary>
    internal SimulatedStack(ulong top, int wordSize, ulong threadSize) =>
        (this.top, sp, this.wordSize, ThreadSize) = (top, top, (ulong)wordSize, threadSize);

    private readonly ulong wordSize;

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
                sp -= wordSize;
                break;
            case StackLayout.Zero:
                sp -= wordSize;
                sp -= wordSize;
                break;
            case StackLayout.RedZone:
                sp -= KasanGranule;
                sp -= KasanGranule;
                break;
        }
        var copy = new StackCopy(value, new EntryPointer(value.Level, sp, (int)wordSize), owner);
        if (words.Count <= Index(sp + wordSize))
        {
            Target filler = Layout == StackLayout.RedZone ? new Target.StackRedZone(copy) : new Target.StackPadding(copy);
            while (words.Count <= Index(sp + wordSize))
                words.Add((filler, 0, Layout == StackLayout.RedZone));
        }
        words.Add((new Target.StackCopySlot(copy), value.Raw, false));
        return copy;
    }

    /// <summary>Returns from a frame: everything below <paramref name="mark"/> (an earlier <see cref="Pointer"/>) dies.</summary>
    public void PopTo(ulong mark)
    {
        if (mark <= sp)
            return;
        sp = mark;
        words.RemoveRange(Index(sp) + 1, words.Count - Index(sp) - 1);
    }

    /// <summary>The word at <paramref name="address"/> if it is live: what it is, its value, and whether KASAN
    /// poisoned it (a red zone).</summary>
    internal bool TryRead(ulong address, out ulong value, out Target into, out bool poisoned)
    {
        if (IsLive(address))
        {
            (into, value, poisoned) = words[Index(address)];
            return true;
        }
        if (address < sp && address >= top - ThreadSize && (address & (wordSize - 1)) == 0)
        {
            var end = address == top - ThreadSize;
            (value, into, poisoned) = (end ? StackEndMagic : 0, new Target.DeadStack(top - address, end), false);
            return true;
        }
        (value, into, poisoned) = (0, Target.Unmapped, false);
        return false;
    }

    internal bool TryWrite(ulong address, ulong value)
    {
        if (IsLive(address) && words[Index(address)].Into is Target.StackCopySlot slot)
        {
            words[Index(address)] = (slot, value, false);
            return true;
        }
        return false;
    }

    /// <summary>True for an aligned word between the stack pointer and the top.</summary>
    private bool IsLive(ulong address) => address >= sp && address < top && (address & (wordSize - 1)) == 0;

    /// <summary>Words are kept from the top down: the word just below <c>StackTop</c> is the first.</summary>
    private int Index(ulong address) => (int)((top - address) / wordSize) - 1;
}
