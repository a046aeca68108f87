using System.Globalization;
using PgtableInvariants.Arch.Entries;

namespace PgtableInvariants.Arch.Memory;

/// <summary>One recorded load or store: through which pointer, what it hit, the value, and the fault if any.</summary>
public readonly record struct MemoryAccess(bool IsStore, EntryPointer Pointer, Target Into, Entry Value, FaultKind Fault)
{
    public override string ToString() =>
        $"{(IsStore ? "store" : "load")} {Pointer.Address.ToString("x16", CultureInfo.InvariantCulture)} -> {Into}: {Value}"
        + (Fault == FaultKind.None ? "" : $" ({Fault})");
}
