using System.Globalization;

namespace PgtableInvariants.Arch.Memory;

/// <summary>One recorded load or store: where, what it hit, the value, and the fault if any.</summary>
public sealed record MemoryAccess(bool IsStore, ulong Address, Target Into, ulong Value, FaultKind Fault)
{
    public override string ToString() =>
        $"{(IsStore ? "store" : "load")} {Address.ToString("x16", CultureInfo.InvariantCulture)} -> {Into}: 0x{Value.ToString("x", CultureInfo.InvariantCulture)}"
        + (Fault == FaultKind.None ? "" : $" ({Fault})");
}
