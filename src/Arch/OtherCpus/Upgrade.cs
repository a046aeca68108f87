using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Arch.OtherCpus;

/// <summary>s390's <c>crst_table_upgrade</c> (arch/s390/mm/pgalloc.c, the same stores in 5.9, 6.1 and 6.12) on another
/// CPU, one level up: a new top table whose entry 0 points to the old top (<c>p4d_populate</c>, or <c>pgd_populate</c>
/// from 4 to 5 levels), then <c>mm-&gt;pgd</c>, then <c>mm-&gt;context.asce_limit</c>, plain stores under the
/// page-table lock, and <c>on_each_cpu(__crst_table_upgrade, mm, 0)</c>, which loads the new ASCE on the CPUs running
/// the mm and waits for none of them. gup_fast reads <c>asce_limit</c> in <c>gup_fast_permitted</c>, then
/// <c>READ_ONCE(mm-&gt;pgd)</c> in <c>pgd_offset</c>: a walker that sees the new limit also sees the new top.</summary>
public static class Upgrade
{
    /// <summary>The steps of upgrading <paramref name="mm"/> by one level; none unless it is a dynamically folded mm below
    /// five levels. <paramref name="limitFirst"/> stores <c>asce_limit</c> before <c>mm-&gt;pgd</c>: no release does.</summary>
    public static OtherCpuOperation Of(AddressSpace mm, bool limitFirst = false)
    {
        if (mm.Arch is not IDynamicFolding dynamic || mm.Levels >= 5)
            return new OtherCpuOperation("crst_table_upgrade", []);
        var limit = dynamic.AsceLimitFor(mm.Levels + 1);
        var level = dynamic.TopTableLevel(limit);
        var top = mm.AllocateTable(level);
        var pgd = new OtherCpuStep.StoreMm("mm->pgd", MmField.Pgd, top.Address);
        var asceLimit = new OtherCpuStep.StoreMm("mm->context.asce_limit", MmField.AsceLimit, limit);
        return new OtherCpuOperation($"crst_table_upgrade(to {mm.Levels + 1} levels)",
        [
            new OtherCpuStep.Store($"{level.Name()}_populate", top.At(0), mm.Arch.TableEntry(level, mm.Pgd)),
            limitFirst ? asceLimit : pgd,
            limitFirst ? pgd : asceLimit,
            new OtherCpuStep.BroadcastFlush("on_each_cpu(__crst_table_upgrade)"),
        ]);
    }
}
