using System.Globalization;

namespace PgtableInvariants.Arch.Memory;

/// <summary>A failed access: what kind, at which address, and what lies there.</summary>
public sealed record MemoryFault(FaultKind Kind, ulong Address, Target Into)
{
    public override string ToString() => Kind switch
    {
        FaultKind.StackOutOfBounds => $"KASAN: stack-out-of-bounds read at {Hex(Address)} ({Into})",
        FaultKind.DataPage => $"page-table read of a data page at {Hex(Address)} ({Into})",
        _ => $"read of unmapped memory at {Hex(Address)}",
    };

    private static string Hex(ulong a) => a.ToString("x16", CultureInfo.InvariantCulture);
}
