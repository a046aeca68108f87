using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Walkers.PageWalk;

/// <summary>mm/pagewalk.c's walk without a VMA in one kernel era, as data (5.8's walk_page_range_novma, 6.12's walk_page_range_debug).</summary>
/// <param name="Name">The walker's stable name.</param>
/// <param name="Era">The era whose code it is.</param>
/// <param name="Entry">The entry point that refuses <c>start &gt;= end</c> and calls <c>walk_pgd_range</c>.</param>
/// <param name="AddrEnd">Which <c>pXd_addr_end</c> bounds each loop.</param>
/// <param name="PudRecheck">How a pud is re-checked before its pmd table is walked.</param>
/// <param name="PteMap">The form of <c>pte_offset_map(pmd, addr)</c> in <c>walk_pte_range</c> for a user address;
/// a NULL from it sets <c>ACTION_AGAIN</c>.</param>
public sealed record PageWalkShape(string Name, KernelEra Era, string Entry, AddrEndKind AddrEnd, PudRecheck PudRecheck, PteMap PteMap)
{
    /// <summary>5.8 <c>walk_page_range_novma</c> (mm/pagewalk.c 5.8:440-459), the same walk to 6.11: 6.1 calls
    /// <c>walk_pgd_range</c> directly and keeps every load.</summary>
    public static PageWalkShape V5_8 { get; } = new("pagewalk", KernelEra.V5_8, "walk_page_range_novma", AddrEndKind.Static, PudRecheck.NoneGotoAgain, PteMap.Kernel);

    /// <summary>RFC v2 (Sep 2020, not merged; patches 2-3 proposed <c>pXd_addr_end_folded</c> for every walker) on 5.9-rc.</summary>
    public static PageWalkShape RfcV2 { get; } = V5_8 with { Name = "pagewalk/addr-end-folded", Era = KernelEra.RfcV2, AddrEnd = AddrEndKind.Folded };

    /// <summary>6.12: <c>walk_page_range_debug</c> (mm/pagewalk.c 6.12:565-599, the user-mm successor of
    /// <c>walk_page_range_novma</c>), <c>walk_pmd_range</c>'s <c>pudp_get</c> check, and a <c>pte_offset_map</c> that can
    /// fail (6.12:45-78).</summary>
    public static PageWalkShape V6_12 { get; } = new("pagewalk/v6.12", KernelEra.V6_12, "walk_page_range_debug", AddrEndKind.Static, PudRecheck.PudpGetActionAgain, PteMap.Checked);

    /// <summary>Every era's shape, oldest first.</summary>
    public static IReadOnlyList<PageWalkShape> All { get; } = [V5_8, RfcV2, V6_12];
}
