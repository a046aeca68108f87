using PgtableInvariants.Arch.Addresses;

namespace PgtableInvariants.Arch.Levels;

/// <summary>One level's geometry as the kernel compiles it: <c>PxD_SHIFT</c>, <c>PTRS_PER_PxD</c> and how it folds.</summary>
/// <remarks>SIZE and MASK are derived, as in the headers. On s390 these are the static 5-level values whatever the
/// depth of a given mm (arch/s390/include/asm/pgtable.h); that is the root of the gup_fast bug.</remarks>
public sealed record LevelGeometry(Level Level, int Shift, int PtrsPer, FoldKind Fold)
{
    /// <summary><c>PxD_SIZE = 1UL &lt;&lt; PxD_SHIFT</c>.</summary>
    public ulong Size => 1UL << Shift;

    /// <summary><c>PxD_MASK = ~(PxD_SIZE - 1)</c>.</summary>
    public ulong Mask => ~(Size - 1);

    /// <summary>True when the level is folded, statically or at run time.</summary>
    public bool IsFolded => Fold != FoldKind.None;

    /// <summary><c>pXd_index(addr) = (addr &gt;&gt; PxD_SHIFT) &amp; (PTRS_PER_PxD - 1)</c>: 0 on a folded level.</summary>
    public int Index(VirtualAddress addr) => (int)((addr.Value >> Shift) & (ulong)(PtrsPer - 1));

    /// <summary><c>pXd_addr_end(addr, end)</c>. A statically folded level returns <c>end</c>
    /// (<c>pgtable-nop*.h</c>); otherwise the generic formula of <c>include/linux/pgtable.h</c>.</summary>
    public VirtualAddress AddrEnd(VirtualAddress addr, VirtualAddress end) =>
        Fold == FoldKind.Static ? end : AddrEnd(addr, end, Size);

    /// <summary>The generic <c>pXd_addr_end</c> for a level of <paramref name="size"/> bytes.</summary>
    /// <remarks>Compares <c>boundary - 1</c> with <c>end - 1</c> modulo 2^64, so a boundary that wrapped to 0 counts
    /// as beyond any end, and <c>end == 0</c> means the top of the 64-bit space (include/linux/pgtable.h pgd_addr_end).</remarks>
    public static VirtualAddress AddrEnd(VirtualAddress addr, VirtualAddress end, ulong size)
    {
        unchecked
        {
            var boundary = (addr.Value + size) & ~(size - 1);
            return boundary - 1 < end.Value - 1 ? new VirtualAddress(boundary) : end;
        }
    }

    public override string ToString() =>
        $"{Level.Name()}: SHIFT {Shift}, PTRS_PER {PtrsPer}{(IsFolded ? $", folded ({Fold.ToString().ToLowerInvariant()})" : "")}";
}
