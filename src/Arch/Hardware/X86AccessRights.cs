using PgtableInvariants.Arch.Addresses;

namespace PgtableInvariants.Arch.Hardware;

/// <summary>Intel SDM vol. 3A §4.6 for a user-mode data access in 32-bit and PAE paging: U/S and R/W are ANDed over
/// the page-directory entry and the leaf (a 4 MiB or 2 MiB PDE is both); CR0.WP does not matter to a user access.</summary>
internal static class X86AccessRights
{
    private const ulong P = 1, Rw = 2, Us = 4;

    /// <summary>The page at <paramref name="physical"/>, or a #PF with P added to <paramref name="error"/> when the rights
    /// of <paramref name="pde"/> and <paramref name="leaf"/> refuse the access.</summary>
    public static Translation Check(ulong pde, ulong leaf, Access access, ulong error, ulong physical)
    {
        var user = (pde & leaf & Us) != 0;
        var writable = (pde & leaf & Rw) != 0;
        if (!user || (access == Access.Write && !writable))
            return Translation.Faulted("#PF", error | P);
        return Translation.Mapped(Pfn.OfPhysical(physical, 12));
    }
}
