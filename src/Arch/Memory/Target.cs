using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Levels;

namespace PgtableInvariants.Arch.Memory;

/// <summary>What an address points into: the provenance that a C pointer does not carry.</summary>
public abstract record Target
{
    /// <summary>A slot of a live page table.</summary>
    public sealed record TableSlot(PageTable Table, int Index) : Target
    {
        public override string ToString() => $"{Table.Name} #{Table.Id} [{Index}]";
    }

    /// <summary>A slot of a table page that was freed after its table was unhooked, and perhaps reused since
    /// (<paramref name="ReusedAs"/>): what a walker may never read.</summary>
    public sealed record FreedTableSlot(PageTable Table, int Index, string? ReusedAs) : Target
    {
        public override string ToString() => ReusedAs is null ? $"freed {Table.Name} #{Table.Id} [{Index}]" : $"freed {Table.Name} #{Table.Id} [{Index}], reused as {ReusedAs}";
    }

    /// <summary>A stack slot holding a walker's copy of an entry.</summary>
    public sealed record StackCopySlot(StackCopy Copy) : Target
    {
        public override string ToString() => $"stack copy of {Copy.Value.Level.Name()} in {Copy.Owner}";
    }

    /// <summary>Stack bytes the compiler left between copies (zero in the <see cref="StackLayout.Zero"/> layout).</summary>
    public sealed record StackPadding(StackCopy Above) : Target
    {
        public override string ToString() => $"stack padding after {Above.Value.Level.Name()} copy in {Above.Owner}";
    }

    /// <summary>A KASAN red zone around a stack copy.</summary>
    public sealed record StackRedZone(StackCopy Guarding) : Target
    {
        public override string ToString() => $"red zone after {Guarding.Value.Level.Name()} copy in {Guarding.Owner}";
    }

    /// <summary>Kernel stack below the stack pointer: dead frames, or the stack's end marker.</summary>
    /// <param name="BelowTop">Bytes below the stack's top.</param>
    /// <param name="IsEnd">True for the lowest word, <c>STACK_END_MAGIC</c>.</param>
    public sealed record DeadStack(ulong BelowTop, bool IsEnd) : Target
    {
        public override string ToString() => IsEnd ? "STACK_END_MAGIC at the kernel stack's end" : $"dead kernel stack {BelowTop} bytes below its top";
    }

    /// <summary>A data frame of a mapping.</summary>
    public sealed record DataFrame(Pfn Pfn) : Target
    {
        public override string ToString() => $"data page {Pfn}";
    }

    /// <summary>Nothing.</summary>
    public sealed record Nothing : Target
    {
        public override string ToString() => "unmapped";
    }

    /// <summary>The one <see cref="Nothing"/>.</summary>
    public static Target Unmapped { get; } = new Nothing();

    /// <summary>True for a live table slot or a walker's own copy: what a lockless walker may read.</summary>
    public bool IsTableOrCopy => this is TableSlot or StackCopySlot;

    /// <summary>The level of the table, when this is a table slot.</summary>
    public Level? TableLevel => this is TableSlot slot ? slot.Table.Level : null;
}
