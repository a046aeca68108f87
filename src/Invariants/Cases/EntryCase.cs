using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Invariants.Cases;

/// <summary>An input of the entry-helpers property: a level, a frame aligned to that level's leaf, and one of the
/// 16 protections of <c>protection_map</c>.</summary>
public sealed record EntryCase(Model Model, Level Level, Pfn Pfn, VmFlags Flags)
{
    public override string ToString() => $"{Model} {Level.Name()} {Pfn} vm_flags {VmFlagsText.Format(Flags)} (0x{(int)Flags:x})";
}
