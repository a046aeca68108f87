using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Invariants.Cases;

/// <summary>An input of a property of the model alone: one address.</summary>
public sealed record AddressCase(Model Model, VirtualAddress Addr)
{
    public override string ToString() => $"{Model} addr {Addr}";
}
