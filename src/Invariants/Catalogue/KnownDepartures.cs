using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Architectures.Arm64;
using PgtableInvariants.Arch.Architectures.S390;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers.GupFast;
using PgtableInvariants.Walkers.PageWalk;

namespace PgtableInvariants.Invariants.Catalogue;

/// <summary>The known bugs and departures the catalogue expects, with their reasons, in one place. Each is decided
/// from the model's helpers and the walker's shape, not from names, so every era's cells follow the same facts.</summary>
public static class KnownDepartures
{
    /// <summary>True for an s390 mm that folds levels dynamically (3 or 4 levels), in every era.</summary>
    public static bool FoldsDynamically(Model model) => model.Arch is IDynamicFolding && model.InitialLevels < 5;

    /// <summary>True for an s390 model whose <c>pud_write</c> tests the bit that <c>__pte_to_rste</c> sets for read
    /// access: <c>_REGION3_ENTRY_WRITE</c> 0x1 is <c>_SEGMENT_ENTRY_READ</c> until 3e93d49175a7.</summary>
    public static bool HugePudReadBitIsPudWrite(Model model) =>
        model.Arch is S390Architecture s390 && s390.Region3Write == S390Bits.SegmentRead;

    /// <summary>The folded level of such an mm whose static size splits its parent's step.</summary>
    public static string SplitLevel(Model model) => model.InitialLevels == 3 ? "pud" : "p4d";

    /// <summary>True for the gup_fast of 5.2–5.8, which offsets from the address of its on-stack copies.</summary>
    public static bool OffsetsFromStackCopies(string? walker) =>
        walker is not null && Shape(walker)?.Offset == GupOffset.FromCopy && Shape(walker)?.AddrEnd == AddrEndKind.Static;

    /// <summary>True for a walker whose loops step with the static <c>pXd_addr_end</c> (all but RFC v2's).</summary>
    public static bool UsesStaticAddrEnd(string? walker) => walker is not null && (
        Shape(walker) is { } gup ? gup.AddrEnd == AddrEndKind.Static
        : PageWalkShape.All.FirstOrDefault(s => s.Name == walker) is not { } pagewalk || pagewalk.AddrEnd == AddrEndKind.Static);

    /// <summary>True for a walker whose fast path <c>get_user_pages_fast</c> forces to write (5.8).</summary>
    public static bool ForcesWrite(string? walker) => ForcesWrite(walker, GupCall.GetUserPagesFast);

    /// <summary>True for a walker whose fast path forces FOLL_WRITE when entered by <paramref name="call"/> (5.8
    /// forces it for get_user_pages_fast, not for get_user_pages_fast_only, which sets FOLL_FAST_ONLY).</summary>
    public static bool ForcesWrite(string? walker, GupCall call) => walker is not null && Shape(walker)?.ForcedWrite.Contains(call) == true;

    /// <summary>True for a walker whose pte loop re-reads <c>*pmdp</c> after the grab (70cbc3cc78a9, 6.0).</summary>
    public static bool RechecksPmd(string? walker) => walker is not null && Shape(walker)?.PteRechecks.Contains(Level.Pmd) == true;

    /// <summary>True for a walker that reads the pmd with <c>READ_ONCE(*pmdp)</c>, two loads where the CPU loads 64-bit
    /// entries in halves (before 6.2's <c>pmdp_get_lockless</c>).</summary>
    public static bool ReadsPmdInHalvesOnce(string? walker) => walker is not null && Shape(walker)?.PmdHalvesLowHighLow == false;

    /// <summary>True for a model with no transparent huge page at the pmd level: no pmd leaf size, or the pmd folded.</summary>
    public static bool NoPmdThp(Model model) =>
        !model.Arch.HugeSizes.Contains(model.Arch.Geometry.Leaf(Level.Pmd)) || FoldsPmdStatically(model);

    /// <summary>True for a model whose pmd level is folded by pgtable-nopmd.h (i386 without PAE, arm64 64K/42).</summary>
    public static bool FoldsPmdStatically(Model model) => model.Arch.Geometry[Level.Pmd].Fold == FoldKind.Static;

    /// <summary>True for an arm64 model whose pud is folded into the pgd page at run time while its lockless p4d offset
    /// is the generic one, the address of gup_fast's copy (6.9–6.10, 16K pages, 52-bit VA, no LPA2), walked by a gup_fast
    /// that passes pointers to the lockless helpers (5.9+).</summary>
    public static bool FoldsPudIntoCopysPage(Model model, string? walker) =>
        model.Arch is Arm64Architecture arm && arm.Geometry[Level.Pud].Fold == FoldKind.RuntimeInParentPage
        && !arm.LocklessP4dFromRealPointer && walker is not null && Shape(walker)?.Offset == GupOffset.Lockless;

    /// <summary>Why the model's gup_fast reads entries beside its own stack copies, where it does: s390's 5.2–5.8 walk
    /// stepping from the copies (<see cref="StackCopy"/>), or arm64's 6.9–6.10 pud read from the copy's page
    /// (<see cref="PudFromStackPage"/>); null elsewhere.</summary>
    public static string? StackCopyDeparture(Model model, string? walker) =>
        FoldsDynamically(model) && OffsetsFromStackCopies(walker) ? StackCopy(model)
        : FoldsPudIntoCopysPage(model, walker) ? PudFromStackPage
        : null;

    /// <summary>The arm64 bug of 2024, as its fix describes it.</summary>
    public const string PudFromStackPage =
        "with the pud folded at run time (16K pages, 52-bit VA, a CPU without LPA2) gup_fast's p4d_offset_lockless is the "
        + "generic p4d_offset(&pgd, addr), the address of its stack copy, and arm64's pud_offset_lockless -> p4d_to_folded_pud "
        + "aligns that down to its page and reads a pud from the kernel stack (arch/arm64/include/asm/pgtable.h 6.9-6.10; "
        + "fixed by 36639013b346 'arm64: mm: Fix lockless walks with static and dynamic page-table folding', 6.11)";

    /// <summary>What the kernel's own code does there, where the model reads what the case lays out on its stack.</summary>
    public const string KernelFollowsItsStack =
        "the kernel's own code reads that pud from its server's stack page and follows whatever it finds there (in the kernel: "
        + "the random oopses the fix reports)";

    /// <summary>True for a model with a level folded at run time whose SHIFT is not its parent's: a folded level's
    /// <c>pXd_addr_end</c> is the generic formula, kept right only by the parent's SHIFT (riscv Sv39 from 5.18 to 71fc3621efc3).</summary>
    public static bool RuntimeFoldKeepsOwnShift(Model model) =>
        model.Arch.Geometry.Levels.Any(l => l.Fold == FoldKind.Runtime && l.Shift != model.Arch.Geometry[l.Level.Parent()].Shift);

    /// <summary>The riscv bug of 5.18, as its fix describes it, and why the walkers modelled do not feel it.</summary>
    public const string P4dShiftInSv39 =
        "riscv in Sv39 folds the p4d at boot (pgtable_l5_enabled false) yet keeps P4D_SHIFT the constant 39, not PGDIR_SHIFT 30 "
        + "(arch/riscv/include/asm/pgtable-64.h from d10efa21a937 'riscv: mm: Control p4d's folding by pgtable_l5_enabled', 5.18; "
        + "fixed by 71fc3621efc3 'riscv: Fix P4D_SHIFT definition for 3-level page table mode', 6.2, 6.1.2 stable); "
        + "p4d_index is used only under pgtable_l5_enabled and p4d_addr_end still ends at the pgd step, so no walker modelled reads another entry";

    private static GupFastShape? Shape(string walker) => GupFastShape.All.FirstOrDefault(s => s.Name == walker);

    public const string StaticGeometry =
        "s390 keeps its static 5-level geometry: a level the mm folds keeps PTRS_PER 2048 and its own SHIFT (arch/s390/include/asm/pgtable.h PxD_SHIFT, PTRS_PER_*)";

    public static string StaticAddrEnd(Model model) =>
        $"{SplitLevel(model)}_addr_end uses the static {SplitLevel(model).ToUpperInvariant()}_SIZE, so on a folded {SplitLevel(model)} the loop runs "
        + $"more than once while {SplitLevel(model)}_offset(parent, next) returns the parent pointer (arch/s390/include/asm/pgtable.h {SplitLevel(model)}_offset)";

    public static string StackCopy(Model model) =>
        $"gup_fast 5.2-5.8 iterates {SplitLevel(model)}p++ on a pointer to its on-stack copy and reads the slot after it "
        + $"({History})";

    /// <summary>Where the stack-copy iteration came from and went, each commit with its title.</summary>
    private const string History =
        "d1874a0c2805 's390/mm: make the pxd_offset functions more robust' and 1a42010cdc26 's390/mm: convert to the generic "
        + "get_user_pages_fast code', both 5.2; fixed by d3f7b1bb2040 'mm/gup: fix gup_fast with dynamic page table folding' in 5.9";

    /// <summary>Found by this suite; not reported upstream as such.</summary>
    public const string HugePudWriteBit =
        "model finding: set_huge_pte_at builds a 2 GiB entry with __pte_to_rste's segment bit positions, so a read-only "
        + "entry's read bit lands on 0x1, which pud_write (_REGION3_ENTRY_WRITE = 0x1) reads as writable in gup_fast's "
        + "pud_access_permitted; reachable since 1a42010cdc26 (5.2, s390 moved to the generic gup_fast) and still in 6.1, the layouts agree since 3e93d49175a7 "
        + "'s390/pgtable: Switch read and write softbits for puds' (2024, in 6.12)";

    /// <summary>Found by this suite from the kernel's own fallbacks; harmless, as the copy is live.</summary>
    public const string PmdRecheckOfCallersCopy =
        "70cbc3cc78a9 'mm: gup: fix the fast GUP race against THP collapse' (6.0) re-reads *pmdp in the pte loop; with the pmd folded (pgtable-nopmd.h pmd_offset returns its "
        + "argument and pmd_offset_lockless falls back to pmd_offset(&pud)) pmdp is the pmd range's on-stack copy of the pud: "
        + "the pte loop reads its caller's live copy, not a table, so the re-check compares the pmd with a copy of itself";

    /// <summary>walk-matches-kernel on gup_fast 5.2-5.8: past its copy the walker reads what lies on its stack.</summary>
    public static string StackContents(Model model) =>
        $"gup_fast 5.2-5.8 reads the slot after its on-stack copy once {SplitLevel(model)}p++ leaves it (mm/gup.c gup_pud_range, "
        + "pud_offset(&p4d, addr)): the kernel reads what its compiler put there, the model what the case's stack layout puts there, "
        + $"so the pages after the boundary differ with the layout ({History})";

    public const string ForcedWrite =
        "5.8 forces FOLL_WRITE in get_user_pages_fast's fast path (mm/gup.c internal_get_user_pages_fast; 17839856fd58 'gup: document and work around \"COW can break either way\" issue', gone again in 5.9), so read-only pages are left to slow gup";

    /// <summary>retract-table-lifetime before 2ba99c5e0881, where the collapse's TLB flush is not an IPI.</summary>
    public const string RetractFreesAtOnce =
        "retract_page_tables (mm/khugepaged.c before 2ba99c5e0881 'mm/khugepaged: fix GUP-fast interaction by sending IPI', 6.1) frees the pte table "
        + "with pte_free right after pmdp_collapse_flush, whose TLB flush waits for nobody here (tables are freed by RCU elsewhere, never by an IPI): "
        + "a gup_fast that read the pmd just before reads the freed table";

    /// <summary>whole-entries on x86 PAE before 6.2.</summary>
    public const string PmdReadOnce =
        "gup_pmd_range reads the 64-bit pmd with READ_ONCE(*pmdp), which gcc 12 compiles for i386 into a load of the high half and then of the low one "
        + "(mm/gup.c before 1180e732c985 'mm/gup: Fix the lockless PMD access', 6.2, which reads it with pmdp_get_lockless: low, high, low again): "
        + "a huge pmd cleared whole between the two loads (the atomic exchange of zap's get_and_clear) is read as its old high half with a zero low half";

    /// <summary>collapse-keeps-pins before 70cbc3cc78a9, where the collapse's TLB flush is not an IPI.</summary>
    public const string PteLoopMissesCollapse =
        "gup_pte_range re-checks the pte but not the pmd (mm/gup.c before 70cbc3cc78a9 'mm: gup: fix the fast GUP race against THP collapse', 6.0): "
        + "khugepaged's pmdp_collapse_flush clears the pmd with a TLB flush that waits for nobody here, counts the pages' references in "
        + "__collapse_huge_page_isolate, and a reference gup takes after that count passes the pte re-check (the old table is not cleared until the copy), "
        + "so the pinned page is copied away and the process maps the new huge page";
}
