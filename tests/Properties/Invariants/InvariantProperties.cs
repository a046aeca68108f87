using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Running;

namespace PgtableInvariants.Properties.Invariants;

/// <summary>Every (invariant, model, walker) cell of the catalogue, checked and held to its expected verdict: holds
/// where the kernel is right, not applicable where a level is folded. The cells expected falsified, where a known bug
/// or departure is, are held to it by their approved counterexamples (tests/Snapshots CounterexampleSnapshots), which
/// check the same cell and show its verdict, so they are not checked twice.</summary>
/// <remarks>Each cell runs <see cref="RunConfig.Default"/> cases with a stable seed per cell; <c>PGTABLE_SOAK=N</c>
/// runs N times as many. One nested class an invariant: xunit runs the classes (its test collections) side by side,
/// the theories of one class one after another.</remarks>
public sealed class InvariantProperties
{
    public static TheoryData<string, string> CellsOf(string id)
    {
        var data = new TheoryData<string, string>();
        foreach (var (invariant, model, walker) in InvariantCatalogue.Cells().Where(c => c.Invariant.Id == id && c.Invariant.Expect(c.Model, c.Walker).Verdict != Verdict.Falsified))
            data.Add(model.Name, walker ?? "");
        return data;
    }

    private static void AssertExpected(string id, string modelName, string walker)
    {
        var invariant = InvariantCatalogue.Find(id)!;
        var result = invariant.Check(ModelCatalogue.Find(modelName)!, walker.Length == 0 ? null : walker, RunConfig.Default);
        var trace = result.Walk is null ? "" : "\n" + result.Walk.Trace.Render();
        Assert.True(result.AsExpected, $"{result}{trace}");
    }

    public sealed class Geometry
    {
        [Theory, MemberData(nameof(CellsOf), "geometry", MemberType = typeof(InvariantProperties))]
        public void Sizes_masks_and_ptrs_per_agree_level_to_level(string model, string walker) => AssertExpected("geometry", model, walker);
    }

    public sealed class AddrEnd
    {
        [Theory, MemberData(nameof(CellsOf), "addr-end", MemberType = typeof(InvariantProperties))]
        public void Addr_end_lies_in_addr_to_end_on_a_boundary_or_at_end(string model, string walker) => AssertExpected("addr-end", model, walker);
    }

    public sealed class FoldedContract
    {
        [Theory, MemberData(nameof(CellsOf), "folded-contract", MemberType = typeof(InvariantProperties))]
        public void A_folded_level_returns_its_argument_is_vacuous_and_runs_once(string model, string walker) => AssertExpected("folded-contract", model, walker);
    }

    public sealed class Iterator
    {
        [Theory, MemberData(nameof(CellsOf), "iterator", MemberType = typeof(InvariantProperties))]
        public void Pointer_after_increment_equals_offset_of_the_next_address(string model, string walker) => AssertExpected("iterator", model, walker);
    }

    public sealed class WalkMatchesHardware
    {
        [Theory, MemberData(nameof(CellsOf), "walk-matches-hardware", MemberType = typeof(InvariantProperties))]
        public void Pagewalk_and_slow_gup_find_page_for_page_what_the_hardware_finds(string model, string walker) => AssertExpected("walk-matches-hardware", model, walker);
    }

    public sealed class GupFastPrefix
    {
        [Theory, MemberData(nameof(CellsOf), "gup-fast-prefix", MemberType = typeof(InvariantProperties))]
        public void Gup_fast_pins_an_ordered_prefix_of_the_hardwares_pages_and_never_faults(string model, string walker) => AssertExpected("gup-fast-prefix", model, walker);
    }

    public sealed class GupFastComplete
    {
        [Theory, MemberData(nameof(CellsOf), "gup-fast-complete", MemberType = typeof(InvariantProperties))]
        public void Gup_fast_pins_every_page_when_all_are_mapped_and_accessible(string model, string walker) => AssertExpected("gup-fast-complete", model, walker);
    }

    public sealed class GupFastWrite
    {
        [Theory, MemberData(nameof(CellsOf), "gup-fast-write", MemberType = typeof(InvariantProperties))]
        public void Gup_fast_pins_for_write_only_pages_the_hardware_lets_be_written(string model, string walker) => AssertExpected("gup-fast-write", model, walker);
    }

    public sealed class LocklessReads
    {
        [Theory, MemberData(nameof(CellsOf), "lockless-reads", MemberType = typeof(InvariantProperties))]
        public void A_lockless_walker_reads_only_live_tables_and_its_own_copies(string model, string walker) => AssertExpected("lockless-reads", model, walker);
    }

    public sealed class TableLifetime
    {
        [Theory, MemberData(nameof(CellsOf), "table-lifetime", MemberType = typeof(InvariantProperties))]
        public void Gup_fast_reads_no_table_page_another_cpu_unhooked_and_freed(string model, string walker) => AssertExpected("table-lifetime", model, walker);
    }

    public sealed class RetractTableLifetime
    {
        [Theory, MemberData(nameof(CellsOf), "retract-table-lifetime", MemberType = typeof(InvariantProperties))]
        public void Gup_fast_reads_no_table_page_khugepaged_retracts_and_frees(string model, string walker) => AssertExpected("retract-table-lifetime", model, walker);
    }

    public sealed class CollapseKeepsPins
    {
        [Theory, MemberData(nameof(CellsOf), "collapse-keeps-pins", MemberType = typeof(InvariantProperties))]
        public void Every_page_gup_fast_pins_while_khugepaged_collapses_is_still_mapped_there(string model, string walker) => AssertExpected("collapse-keeps-pins", model, walker);
    }

    public sealed class MigrationKeepsPins
    {
        [Theory, MemberData(nameof(CellsOf), "migration-keeps-pins", MemberType = typeof(InvariantProperties))]
        public void Every_page_gup_fast_pins_while_a_huge_page_migrates_is_still_mapped_there(string model, string walker) => AssertExpected("migration-keeps-pins", model, walker);
    }

    public sealed class ValidatedValues
    {
        [Theory, MemberData(nameof(CellsOf), "validated-values", MemberType = typeof(InvariantProperties))]
        public void Every_table_gup_fast_reads_while_another_cpu_unmaps_is_one_a_value_it_tested_points_to(string model, string walker) => AssertExpected("validated-values", model, walker);
    }

    public sealed class ReferencesBalanced
    {
        [Theory, MemberData(nameof(CellsOf), "references-balanced", MemberType = typeof(InvariantProperties))]
        public void Gup_fast_ends_holding_one_reference_on_each_page_it_pins(string model, string walker) => AssertExpected("references-balanced", model, walker);
    }

    public sealed class PinsWereMapped
    {
        [Theory, MemberData(nameof(CellsOf), "pins-were-mapped", MemberType = typeof(InvariantProperties))]
        public void Every_page_gup_fast_pins_was_mapped_there_at_some_instant_of_the_walk(string model, string walker) => AssertExpected("pins-were-mapped", model, walker);
    }

    public sealed class UpgradeRace
    {
        [Theory, MemberData(nameof(CellsOf), "upgrade-race", MemberType = typeof(InvariantProperties))]
        public void Every_page_gup_fast_pins_above_the_old_limit_while_s390_upgrades_was_mapped_there(string model, string walker) => AssertExpected("upgrade-race", model, walker);
    }

    public sealed class WholeEntries
    {
        [Theory, MemberData(nameof(CellsOf), "whole-entries", MemberType = typeof(InvariantProperties))]
        public void Every_pte_gup_fast_acts_on_was_held_whole_by_its_slot(string model, string walker) => AssertExpected("whole-entries", model, walker);
    }

    public sealed class EntryHelpers
    {
        [Theory, MemberData(nameof(CellsOf), "entry-helpers", MemberType = typeof(InvariantProperties))]
        public void Debug_vm_pgtable_helper_properties_hold_for_all_protections(string model, string walker) => AssertExpected("entry-helpers", model, walker);
    }

    public sealed class UpgradePreserves
    {
        [Theory, MemberData(nameof(CellsOf), "upgrade-preserves", MemberType = typeof(InvariantProperties))]
        public void Crst_table_upgrade_changes_no_translation(string model, string walker) => AssertExpected("upgrade-preserves", model, walker);
    }

    /// <summary>The comparisons with the kernel's own code are checked by <c>RealCodeProperties</c>.</summary>
    [Fact]
    public void Every_invariant_of_the_model_has_a_property_here()
    {
        var tested = typeof(InvariantProperties).GetNestedTypes().SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetCustomAttributes(typeof(MemberDataAttribute), false).Cast<MemberDataAttribute>())
            .Select(a => (string)a.Arguments[0]!);
        Assert.Equal(InvariantCatalogue.All.Where(i => !i.NeedsKernel).Select(i => i.Id).Order(), tested.Order());
    }
}
