using PgtableInvariants.Arch.Addresses;

namespace PgtableInvariants.Arch.AddressSpaces;

/// <summary>An architecture whose mm grows levels on demand (s390, arch/s390/mm/pgalloc.c).</summary>
public interface IDynamicFolding
{
    /// <summary>The <c>asce_limit</c> a new mm starts with for <paramref name="levels"/> levels.</summary>
    ulong AsceLimitFor(int levels);

    /// <summary>The level of the entries the top table of an mm with <paramref name="asceLimit"/> holds
    /// (a region-3 table holds puds).</summary>
    Levels.Level TopTableLevel(ulong asceLimit);

    /// <summary><c>check_asce_limit(mm, addr, len)</c>: upgrade when <c>addr + len</c> is above the limit and
    /// within <c>TASK_SIZE</c>.</summary>
    void CheckAsceLimit(AddressSpace mm, VirtualAddress addr, ulong len);

    /// <summary><c>crst_table_upgrade(mm, end)</c>: the old top table becomes entry 0 of a new one.</summary>
    void CrstTableUpgrade(AddressSpace mm, ulong end);
}
