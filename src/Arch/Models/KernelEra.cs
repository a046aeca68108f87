namespace PgtableInvariants.Arch.Models;

/// <summary>A kernel era: the releases in which the page-table helpers and walkers this project models keep one
/// form. A model is (architecture, configuration, era); an era selects helper forms and walker shapes the way an
/// architecture override selects a helper.</summary>
/// <param name="Name">Stable name: <c>v5.8</c>, <c>rfc-v2</c>, <c>v5.9</c>, <c>v5.18</c>, <c>v6.0</c>, <c>v6.1</c>, <c>v6.8</c>, <c>v6.10</c>, <c>v6.11</c>, <c>v6.12</c>.</param>
/// <param name="Major">Kernel version of the first release of the era.</param>
/// <param name="Minor">Patch level of that release.</param>
/// <param name="IsRelease">False for a posted patch series that was never merged (RFC v2).</param>
/// <param name="Summary">What changed with this era, with the commits.</param>
public sealed record KernelEra(string Name, int Major, int Minor, bool IsRelease, string Summary)
{
    /// <summary>5.2–5.8: gup_fast passes values and offsets from its stack copies; 5.8 forces FOLL_WRITE in
    /// <c>internal_get_user_pages_fast</c> (17839856fd58).</summary>
    public static KernelEra V5_8 { get; } = new("v5.8", 5, 8, true,
        "gup_fast passes entry values down and offsets from its stack copies (pud_offset(&p4d, addr))");

    /// <summary>RFC v2 (Gerald Schaefer, Sep 2020, not merged): entry-aware <c>pXd_addr_end_folded</c>.</summary>
    public static KernelEra RfcV2 { get; } = new("rfc-v2", 5, 9, false,
        "RFC v2 (Sep 2020, not merged): pXd_addr_end_folded(entry, addr, end) in gup_fast and pagewalk");

    /// <summary>5.9: d3f7b1bb2040 passes the pointer with the value (<c>pXd_offset_lockless</c>).</summary>
    public static KernelEra V5_9 { get; } = new("v5.9", 5, 9, true,
        "gup_fast passes pointer and value: pXd_offset_lockless (d3f7b1bb2040)");

    /// <summary>5.18: riscv Sv57 (d10efa21a937): one 5-level kernel folds the p4d and pud at boot from the <c>satp</c>
    /// mode, with <c>P4D_SHIFT</c> a constant 39 until 71fc3621efc3.</summary>
    public static KernelEra V5_18 { get; } = new("v5.18", 5, 18, true,
        "riscv Sv57: p4d and pud folded at boot by pgtable_l5_enabled/pgtable_l4_enabled (d10efa21a937); P4D_SHIFT a constant 39");

    /// <summary>6.0 for riscv, as a 6.0.1 tree has it: the pfn under <c>_PAGE_PFN_MASK</c> and <c>pud_pfn</c> under
    /// <c>PUD_MASK</c> (both arrived after 5.18), <c>P4D_SHIFT</c> still the constant 39.</summary>
    public static KernelEra V6_0 { get; } = new("v6.0", 6, 0, true,
        "riscv pfn under _PAGE_PFN_MASK and pud_pfn under PUD_MASK (after 5.18); P4D_SHIFT still a constant 39");

    /// <summary>6.1: folios in gup_fast (<c>try_grab_folio</c>), the pmd re-check after the pte grab (70cbc3cc78a9, 6.0).</summary>
    public static KernelEra V6_1 { get; } = new("v6.1", 6, 1, true,
        "folios in gup_fast; the pte loop re-checks the pmd after grabbing (70cbc3cc78a9, 6.0); x86 pmd_bad ignores _PAGE_ACCESSED, pud_huge tests PRESENT|PSE");

    /// <summary>6.8: arm64 before LPA2 and run-time folding: every level is real or folded by the nop headers.</summary>
    public static KernelEra V6_8 { get; } = new("v6.8", 6, 8, true,
        "arm64 before run-time folding: 52-bit VA only with 64K pages; PTE_PROT_NONE bit 58, PMD_PRESENT_INVALID bit 59");

    /// <summary>6.9–6.10: arm64 LPA2 and the pud or p4d folded at run time on a CPU without LPA2; 6.10's
    /// <c>PTE_PRESENT_INVALID</c>. gup_fast's <c>p4d_offset_lockless</c> of a 4-level arm64 build is still the generic
    /// <c>p4d_offset(&amp;pgd, addr)</c>.</summary>
    public static KernelEra V6_10 { get; } = new("v6.10", 6, 10, true,
        "arm64 folds the pud (16K, 52-bit) or p4d (4K, 52-bit) at run time without LPA2 (6.9); PTE_PRESENT_INVALID (6.10)");

    /// <summary>6.11: 36639013b346 (arm64: p4d_offset_lockless_folded for every build of 4 levels or fewer).</summary>
    public static KernelEra V6_11 { get; } = new("v6.11", 6, 11, true,
        "arm64 p4d_offset_lockless_folded: lockless walks offset from the real pgd pointer (36639013b346)");

    /// <summary>6.12: gup_fast_* names, the s390 region-3 READ/WRITE bits aligned with the segment ones (3e93d49175a7).</summary>
    public static KernelEra V6_12 { get; } = new("v6.12", 6, 12, true,
        "gup_fast_* names; pte_offset_map may fail (6.5); pagewalk checks pudp_get; s390 region-3 read/write bits aligned (3e93d49175a7); "
        + "x86 DEVMAP bit 57, SAVED_DIRTY bit 58, pud_leaf PSE alone, pmd/pud_special; pXd_huge gone");

    /// <summary>Every era, oldest first.</summary>
    public static IReadOnlyList<KernelEra> All { get; } = [V5_8, RfcV2, V5_9, V5_18, V6_0, V6_1, V6_8, V6_10, V6_11, V6_12];

    /// <summary>Position in <see cref="All"/>: eras compare by it, oldest first.</summary>
    public int Order => All.Select((e, i) => (e, i)).First(x => x.e == this).i;

    /// <summary>The release as the kernel writes it: <c>5.8</c>, <c>6.12</c> (RFC v2: the release it was posted against).</summary>
    public string Version => $"{Major}.{Minor}";

    /// <summary>The newest of <paramref name="eras"/> at or before this one, or null when all are later.</summary>
    public KernelEra? NewestOf(IEnumerable<KernelEra> eras) => eras.Where(e => e.Order <= Order).MaxBy(e => e.Order);

    /// <summary>The era called <paramref name="name"/>, or null.</summary>
    public static KernelEra? Find(string name) => All.FirstOrDefault(e => e.Name == name);

    /// <summary>The era a release belongs to: the newest released era at or below it, or null before 5.8.</summary>
    public static KernelEra? OfRelease(int major, int minor) =>
        All.Where(e => e.IsRelease && (e.Major, e.Minor).CompareTo((major, minor)) <= 0).LastOrDefault();

    /// <summary>True when the era begins exactly at that release (otherwise the release lies between two eras and
    /// is checked against the older one).</summary>
    public bool BeginsAt(int major, int minor) => Major == major && Minor == minor;

    public override string ToString() => Name;
}
