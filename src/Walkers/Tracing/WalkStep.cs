using System.Globalization;
using System.Text;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Walkers.Tracing;

/// <summary>One step of a walk: the function it ran in, the kernel helper, the pointer and what it points into,
/// the value read, the address it produced (an addr_end's next, a page's address) and the decision.</summary>
/// <remarks><see cref="ToString"/> is the line a kernel developer reads and a reviewer approves: kernel names,
/// lower-case hex, the same on every run and machine. A value: a trace is one list of steps, not an object each.</remarks>
public readonly record struct WalkStep(
    int Index,
    int Depth,
    string Function,
    string Helper,
    EntryPointer? Pointer,
    Target? Into,
    Entry? Value,
    VirtualAddress? Address,
    Decision Decision,
    string? Note = null)
{
    /// <summary>The step's number as every rendering shows it (text trace, JSON, SVG picture, a fault's "at step"):
    /// counted from 1 in the order the steps happened, so a reader can say "step 11" and mean one thing.</summary>
    public int Number => NumberOf(Index);

    /// <summary>The number of the step at position <paramref name="index"/> of a trace (0-based).</summary>
    public static int NumberOf(int index) => index + 1;

    /// <summary>The end of the range a function was entered with, or of a hole.</summary>
    public VirtualAddress? End { get; init; }

    /// <summary>The frame of a page found or pinned, and how many pages from it.</summary>
    public Pfn? Pfn { get; init; }

    public ulong Pages { get; init; }

    /// <summary>The depth <c>pte_hole</c> was called with.</summary>
    public int? HoleDepth { get; init; }

    /// <summary>True for a load from memory: the walker's own <c>READ_ONCE</c>, or a load inside a helper.</summary>
    public bool IsLoad { get; init; }

    /// <summary>True for the walker's own read of an entry (<c>READ_ONCE(*pmdp)</c>, a re-check), whose value it then
    /// tests; false for a load inside a helper (<c>*pudp in pmd_offset</c>) or the hardware's.</summary>
    public bool IsOwnRead { get; init; }

    /// <summary>For a <c>p++</c>: what <c>pXd_offset(parent, next)</c> gives for the same parent, the pointer the
    /// increment is supposed to be a shortcut for.</summary>
    public EntryPointer? OffsetOfNext { get; init; }

    /// <summary>The CPU that made the step: 0 for the walker, 1 for another CPU of an <c>Interleaving</c>, whose
    /// <see cref="Function"/> is the operation (<c>munmap(…)</c>).</summary>
    public int Cpu { get; init; }

    /// <summary>For another CPU's wait: true when the walker holds it up (its interrupts are off).</summary>
    public bool Held { get; init; }

    public override string ToString()
    {
        var line = new StringBuilder();
        if (Cpu != 0)
            line.Append("cpu ").Append(Cpu).Append(' ').Append(Function).Append(": ");
        line.Append(' ', 2 * Depth).Append(Helper.PadRight(Math.Max(1, 26 - 2 * Depth)));
        if (Pointer is { } p)
            line.Append(' ').Append(p.Address.ToString("x16", CultureInfo.InvariantCulture)).Append(" -> ").Append((Into?.ToString() ?? "").PadRight(36));
        if (Value is { } v)
            line.Append(' ').Append(v);
        if (Address is { } a && End is { } range && HoleDepth is null)
            line.Append("  [").Append(a).Append(", ").Append(range.Value == 0 ? "top" : range.ToString()).Append(')');
        else if (Address is { } address)
            line.Append(' ').Append(address);
        if (OffsetOfNext is { } o)
            line.Append(o.Address == Pointer?.Address ? " (= " : " (!= ").Append(Helper.Replace("++", "", StringComparison.Ordinal)).Append(" offset of next ")
                .Append(o.Address.ToString("x16", CultureInfo.InvariantCulture)).Append(')');
        if (Decision != Decision.None)
            line.Append("  ").Append(Decision.ToString().ToLowerInvariant());
        if (Pfn is { } pfn)
            line.Append("  ").Append(pfn).Append(Pages > 1 ? $" (+{Pages - 1} pages)" : "");
        if (HoleDepth is { } depth)
            line.Append("  to ").Append(End!.Value.Value == 0 ? "top" : End.Value.ToString()).Append(", depth ").Append(depth);
        if (Note is not null)
            line.Append("  ").Append(Note);
        return line.ToString().TrimEnd();
    }
}
