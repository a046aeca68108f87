using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Invariants.Cases;

/// <summary>An input of the addr-end property: <c>addr</c> below <c>end</c>, or any <c>addr</c> with <c>end == 0</c>.</summary>
public sealed record AddrEndCase(Model Model, VirtualAddress Addr, VirtualAddress End)
{
    public override string ToString() => $"{Model} addr {Addr} end {(End.Value == 0 ? "0 (top)" : End.ToString())}";
}
