namespace PgtableInvariants.Arch.Entries;

/// <summary>VMA flags spelled as <c>/proc/PID/maps</c> spells a VMA's permissions (<c>show_map_vma</c> in
/// fs/proc/task_mmu.c): <c>r</c>, <c>w</c>, <c>x</c> or <c>-</c>, then <c>s</c> for shared or <c>p</c> for private.</summary>
public static class VmFlagsText
{
    /// <summary><c>rw-p</c> for <c>VM_READ | VM_WRITE</c>.</summary>
    public static string Format(VmFlags flags) =>
        (flags.HasFlag(VmFlags.Read) ? "r" : "-") + (flags.HasFlag(VmFlags.Write) ? "w" : "-")
        + (flags.HasFlag(VmFlags.Exec) ? "x" : "-") + (flags.HasFlag(VmFlags.Shared) ? "s" : "p");

    /// <summary>Parses exactly what <see cref="Format"/> writes: four letters, each in its place.</summary>
    public static bool TryParse(string text, out VmFlags flags)
    {
        flags = VmFlags.None;
        if (text.Length != 4)
            return false;
        (char Set, VmFlags Flag, char Clear)[] places =
            [('r', VmFlags.Read, '-'), ('w', VmFlags.Write, '-'), ('x', VmFlags.Exec, '-'), ('s', VmFlags.Shared, 'p')];
        for (var i = 0; i < places.Length; i++)
        {
            if (text[i] == places[i].Set)
                flags |= places[i].Flag;
            else if (text[i] != places[i].Clear)
                return false;
        }
        return true;
    }
}
