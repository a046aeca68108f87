using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Entries;

namespace PgtableInvariants.Invariants.Cases;

/// <summary>One mapping of a generated case: where, which frames, how big, with which VMA flags.</summary>
public sealed record PlannedMapping(VirtualAddress Va, Pfn Pfn, PageSize Size, VmFlags Flags)
{
    /// <summary>A mapping of <paramref name="va"/> with the frame <see cref="PfnPolicy"/> gives it on <paramref name="arch"/>.</summary>
    public static PlannedMapping At(IArchitecture arch, VirtualAddress va, PageSize size, VmFlags flags) => new(va, PfnPolicy.For(arch, va), size, flags);

    public VirtualAddress End => Va + Size.Bytes;

    /// <summary>True when the two overlap.</summary>
    public bool Overlaps(PlannedMapping other) => Va < other.End && other.Va < End;

    /// <summary>The same mapping <paramref name="delta"/> bytes lower, with the frame the policy gives there.</summary>
    public PlannedMapping Lowered(IArchitecture arch, ulong delta) => At(arch, Va - delta, Size, Flags);

    public override string ToString() => $"map {Va} {Size} {Pfn} {VmFlagsText.Format(Flags)}";
}
