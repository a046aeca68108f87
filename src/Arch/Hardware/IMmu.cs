using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Arch.Hardware;

/// <summary>A hardware translation written from the architecture's rules, never from Linux helpers: the
/// independent oracle the walkers are checked against.</summary>
/// <remarks>It reads the tables through an <see cref="IMemory"/> like any walker; it does not set accessed or
/// dirty bits, so checking does not change what it checks. A failed table read ends the translation; give each
/// translation a view that has not faulted yet.</remarks>
public interface IMmu
{
    /// <summary>Translates <paramref name="va"/> for a user-mode <paramref name="access"/>.</summary>
    Translation Translate(IMemory memory, AddressSpace mm, VirtualAddress va, Access access);
}
