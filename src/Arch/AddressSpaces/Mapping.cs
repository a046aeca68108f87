using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;

namespace PgtableInvariants.Arch.AddressSpaces;

/// <summary>One mapping of the ground truth: <see cref="Size"/> bytes at <see cref="Va"/> backed by frames from
/// <see cref="Pfn"/>, with the VMA flags it was mapped with.</summary>
public sealed record Mapping(VirtualAddress Va, Pfn Pfn, PageSize Size, VmFlags Flags)
{
    /// <summary>First address after the mapping (0 when it ends at the top of the space).</summary>
    public VirtualAddress End => Va + Size.Bytes;

    /// <summary>True when <paramref name="va"/> lies inside.</summary>
    public bool Contains(VirtualAddress va) => va >= Va && va.Value - Va.Value < Size.Bytes;

    /// <summary>The frame that backs <paramref name="va"/>, which must lie inside.</summary>
    public Pfn PfnAt(VirtualAddress va) => Pfn + ((va.Value - Va.Value) >> Size.PageShift);

    public override string ToString() => $"{Va} -> {Pfn} ({Size}, {Flags})";
}
