using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Walkers;

/// <summary><c>pte_offset_map(pmdp, addr)</c> in the form of a walker's era, shared by gup_fast and pagewalk.</summary>
internal static class PteOffsetMap
{
    private const string GetLockless = "pmdp_get_lockless(pmd)";
    private const string NoneOrMigration = "pmd_none(pmdval)";
    private const string TransHugeOrDevmap = "pmd_trans_huge(pmdval) || pmd_devmap(pmdval)";
    private const string Bad = "pmd_bad(pmdval)";
    private const string ClearBad = "pmd_clear_bad(pmd)";
    private const string Null = "pte_offset_map returns NULL";

    /// <summary>The pte pointer for <paramref name="addr"/>, traced as <paramref name="helper"/>; null when the
    /// <see cref="PteMap.Checked"/> form refuses the pmd (a bad one is cleared through <paramref name="pmdp"/> first)
    /// or the walk stopped.</summary>
    public static EntryPointer? Map(WalkContext ctx, PteMap form, EntryPointer pmdp, VirtualAddress addr, string helper)
    {
        var arch = ctx.Arch;
        if (form == PteMap.Kernel)
        {
            var ptep = ctx.Pointer(helper, arch.Offset(ctx.Cpu, pmdp, addr));
            return ctx.Stopped ? null : ptep;
        }
        // __pte_offset_map opens with rcu_read_lock(): a pte table retracted meanwhile (pte_free_defer) stays one until
        // pte_unmap's rcu_read_unlock.
        ctx.Cpu.RcuReadLock();
        var pmdval = ctx.Load(pmdp, GetLockless);
        if (ctx.Stopped)
            return null;
        // pmd_none also stands for is_pmd_migration_entry, which the model never makes; pmd_trans_huge || pmd_devmap
        // is pmd_leaf || pmd_devmap on every architecture modelled (x86: (PSE|DEVMAP) == PSE, s390: LARGE, generic: 0).
        var refusal = arch.None(pmdval) ? NoneOrMigration
            : arch.Leaf(pmdval) || arch.Devmap(pmdval) ? TransHugeOrDevmap
            : arch.Bad(pmdval) ? Bad
            : null;
        if (refusal is null)
            return ctx.Pointer(helper, arch.Geometry.Pointer(Level.Pte, arch.TableAddress(pmdval)) + arch.Index(Level.Pte, addr));
        ctx.Decide(refusal, Decision.None, pmdval, note: Null);
        if (refusal == Bad)
        {
            arch.Clear(ctx.Cpu, pmdp);
            ctx.Effect(ClearBad);
        }
        return null;
    }
}
