using PgtableInvariants.Arch.Architectures.S390;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Invariants.Catalogue;

/// <summary>The known bugs and departures the catalogue expects, with their reasons, in one place.</summary>
public static class KnownDepartures
{
    /// <summary>True for an s390 mm that folds levels dynamically (3 or 4 levels).</summary>
    public static bool FoldsDynamically(Model model) => model == ModelCatalogue.S390ThreeLevel || model == ModelCatalogue.S390FourLevel;

    /// <summary>True for every s390 model: 2 GiB hugetlb entries there are built by <c>__pte_to_rste</c>.</summary>
    public static bool BuildsHugePudsWithSegmentBits(Model model) => model.Arch is S390Architecture;

    /// <summary>The folded level of such an mm whose static size splits its parent's step.</summary>
    public static string SplitLevel(Model model) => model == ModelCatalogue.S390ThreeLevel ? "pud" : "p4d";

    public const string StaticGeometry =
        "s390 keeps its static 5-level geometry: a level the mm folds keeps PTRS_PER 2048 and its own SHIFT (kernel-facts 2.1, 2.6)";

    public static string StaticAddrEnd(Model model) =>
        $"{SplitLevel(model)}_addr_end uses the static {SplitLevel(model).ToUpperInvariant()}_SIZE, so on a folded {SplitLevel(model)} the loop runs "
        + $"more than once while {SplitLevel(model)}_offset(parent, next) returns the parent pointer (kernel-facts 2.5)";

    public static string StackCopy(Model model) =>
        $"10.1: gup_fast 5.2-5.8 iterates {SplitLevel(model)}p++ on a pointer to its on-stack copy and reads the slot after it "
        + "(d1874a0c2805 + 1a42010cdc26; fixed by d3f7b1bb2040 in 5.9)";

    /// <summary>Found by this suite; not reported upstream as such.</summary>
    public const string HugePudWriteBit =
        "model finding: 5.8 set_huge_pte_at builds a 2 GiB entry with __pte_to_rste's segment bit positions, so the read "
        + "bit lands on 0x1, which pud_write (_REGION3_ENTRY_WRITE = 0x1) reads as writable in gup_huge_pud's "
        + "pud_access_permitted; the layouts agree since 's390/pgtable: switch read and write softbits for puds' (2024)";

    public const string ForcedWrite =
        "10.9: 5.8 forces FOLL_WRITE in the fast path (17839856fd58, reverted for 5.9), so read-only pages are left to slow gup";
}
