using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Arch.OtherCpus;

/// <summary>The migration of a transparent huge page mapped by a pmd (<c>migrate_pages</c>, mm/migrate.c) on another CPU:
/// <c>set_pmd_migration_entry</c> invalidates the pmd (<c>pmdp_invalidate</c>: <c>pmd_mkinvalid</c>, then
/// <c>flush_pmd_tlb_range</c>, an IPI on x86 that the walker holds up, a broadcast elsewhere) and stores the migration
/// entry; the move counts the
/// folio's references (<c>migrate_page_move_mapping</c>, <c>folio_migrate_mapping</c> from 5.16) and gives up on one it
/// did not expect, a pin gup took, putting the old pmd back (<c>remove_migration_pmd</c> of the old folio); else it
/// copies and maps the new folio (<c>remove_migration_pmd</c> of the new one).</summary>
/// <remarks>The migration entry <c>set_pmd_migration_entry</c> stores after the flush (a swap entry) is stored as an
/// empty pmd: neither is present, so gup_fast, slow gup and the MMU refuse both alike; the young and dirty bits it
/// carries (from 6.1) come back with the pmd. The invalidated pmd before it matters: riscv's is still present, a leaf,
/// and (with the generic <c>pmd_access_permitted</c>) permitted. Only where the architecture selects
/// <c>ARCH_ENABLE_THP_MIGRATION</c> (x86-64, arm64, riscv; not s390) is a huge pmd migrated rather than split.</remarks>
public static class Migrate
{
    /// <summary>The steps of migrating the huge pmd mapping that holds <paramref name="va"/> to the frames from
    /// <paramref name="newPfn"/>; none when no pmd leaf maps <paramref name="va"/>.</summary>
    public static OtherCpuOperation Of(AddressSpace mm, VirtualAddress va, Pfn newPfn)
    {
        var arch = mm.Arch;
        var huge = arch.Geometry.Leaf(Level.Pmd);
        var old = mm.MappingAt(va);
        var name = old is null ? $"migrate_pages({va})" : $"migrate_pages({old.Va})";
        if (!arch.MigratesHugePmds || old is null || old.Size != huge || mm.Slot(old.Va, Level.Pmd) is not { } pmdp)
            return new OtherCpuOperation(name, []);
        var pmd = new Cpu(mm.Memory).Load(pmdp);
        var moved = old with { Pfn = newPfn };
        var count = arch.Era.Order >= KernelEra.V6_1.Order ? "folio_migrate_mapping" : "migrate_page_move_mapping";
        return new OtherCpuOperation(name,
        [
            new OtherCpuStep.Store("pmdp_invalidate", pmdp, arch.PmdMkInvalid(pmd)),
            OtherCpuStep.FlushTlb(arch, "flush_pmd_tlb_range"),
            new OtherCpuStep.Store("set_pmd_migration_entry", pmdp, arch.EmptyEntry(Level.Pmd)),
            new OtherCpuStep.CheckReferences(count, [old], new OtherCpuStep.Store("remove_migration_pmd", pmdp, pmd)),
            new OtherCpuStep.Store("remove_migration_pmd", pmdp, arch.MakeLeaf(huge, newPfn, old.Flags), Ends: old, Begins: moved),
        ]);
    }
}
