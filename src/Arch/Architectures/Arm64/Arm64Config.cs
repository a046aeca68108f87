using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Arch.Architectures.Arm64;

/// <summary>One arm64 kernel configuration on one kind of CPU: the granule (<c>CONFIG_ARM64_{4K,16K,64K}_PAGES</c>),
/// <c>CONFIG_ARM64_VA_BITS</c>, whether the CPU has the 52-bit translation the build can use (LPA2 for 4K and 16K, LVA
/// for 64K), and the first era the configuration exists in.</summary>
/// <param name="Name">The model's configuration name: <c>arm64/&lt;granule&gt;/&lt;va&gt;[-&lt;level&gt;-folded]</c>.</param>
/// <param name="PageShift"><c>PAGE_SHIFT</c>: 12, 14 or 16.</param>
/// <param name="VaBits"><c>CONFIG_ARM64_VA_BITS</c>.</param>
/// <param name="Cpu52">True when the CPU has LPA2 (4K, 16K) or LVA (64K), so <c>vabits_actual</c> is <c>VA_BITS</c>.</param>
/// <param name="PaBits52"><c>CONFIG_ARM64_PA_BITS_52</c>: forced by a 52-bit VA with 4K or 16K pages (then LPA2 is built in).</param>
/// <param name="Since">The first era that can build it (52-bit VA with 4K or 16K pages came with LPA2 in 6.9).</param>
public sealed record Arm64Config(string Name, int PageShift, int VaBits, bool Cpu52, bool PaBits52, KernelEra Since)
{
    public static Arm64Config FourK48 { get; } = new("arm64/4k/48", 12, 48, true, false, KernelEra.V6_8);

    public static Arm64Config FourK52 { get; } = new("arm64/4k/52", 12, 52, true, true, KernelEra.V6_10);

    public static Arm64Config FourK52P4dFolded { get; } = new("arm64/4k/52-p4d-folded", 12, 52, false, true, KernelEra.V6_10);

    public static Arm64Config SixteenK47 { get; } = new("arm64/16k/47", 14, 47, true, false, KernelEra.V6_8);

    public static Arm64Config SixteenK52 { get; } = new("arm64/16k/52", 14, 52, true, true, KernelEra.V6_10);

    public static Arm64Config SixteenK52PudFolded { get; } = new("arm64/16k/52-pud-folded", 14, 52, false, true, KernelEra.V6_10);

    public static Arm64Config SixtyFourK42 { get; } = new("arm64/64k/42", 16, 42, true, false, KernelEra.V6_8);

    public static Arm64Config SixtyFourK52 { get; } = new("arm64/64k/52", 16, 52, true, true, KernelEra.V6_8);

    /// <summary>Every configuration modelled, in the order <c>list</c> shows them.</summary>
    public static IReadOnlyList<Arm64Config> All { get; } =
        [FourK48, FourK52, FourK52P4dFolded, SixteenK47, SixteenK52, SixteenK52PudFolded, SixtyFourK42, SixtyFourK52];

    /// <summary><c>CONFIG_PGTABLE_LEVELS</c>, <c>ARM64_HW_PGTABLE_LEVELS(VA_BITS) = (VA_BITS - 4) / (PAGE_SHIFT - 3)</c>: 2 for 64K/42, 3 for 16K/47 and 64K/52, 4 for 4K/48 and
    /// 16K/52, 5 for 4K/52.</summary>
    public int Levels => (VaBits - 4) / (PageShift - 3);

    /// <summary><c>ARM64_HW_PGTABLE_LEVEL_SHIFT(n) = (PAGE_SHIFT - 3) * (4 - n) + 3</c>.</summary>
    public int LevelShift(int n) => (PageShift - 3) * (4 - n) + 3;

    /// <summary><c>VA_BITS_MIN</c> (6.9+): 47 for 16K and 48 otherwise when <c>VA_BITS</c> is above 48.</summary>
    public int VaBitsMin => VaBits > 48 ? (PageShift == 14 ? 47 : 48) : VaBits;

    /// <summary><c>vabits_actual</c>: <c>VA_BITS</c> on a CPU with the 52-bit translation, else <c>VA_BITS_MIN</c>.</summary>
    public int VaBitsActual => Cpu52 ? VaBits : VaBitsMin;

    /// <summary><c>lpa2_is_enabled()</c>: TCR_EL1.DS, set when a 4K or 16K build with LPA2 runs on a CPU that has it.</summary>
    public bool Lpa2Enabled => PaBits52 && PageShift != 16 && Cpu52;

    /// <summary>The level folded at run time (<c>pgtable_l5_enabled()</c> or <c>pgtable_l4_enabled()</c> false), if any.</summary>
    public Level? RuntimeFolded => PaBits52 && PageShift != 16 && !Cpu52 ? (Levels == 5 ? Level.P4d : Level.Pud) : null;

    /// <summary>The geometry of arch/arm64/include/asm/pgtable-hwdef.h and the nop header <c>pgtable-types.h</c>
    /// includes: every SHIFT and PTRS_PER is a compile-time constant; a run-time fold only changes the helpers.</summary>
    public Geometry MakeGeometry()
    {
        var ptrs = 1 << (PageShift - 3);
        var pgdShift = LevelShift(4 - Levels);
        var pgd = (pgdShift, 1 << (VaBits - pgdShift), FoldKind.None);
        (int, int, FoldKind) Real(Level level, int n) =>
            (LevelShift(n), ptrs, RuntimeFolded == level ? FoldKind.RuntimeInParentPage : FoldKind.None);
        var p4d = Levels > 4 ? Real(Level.P4d, 0) : (pgdShift, 1, FoldKind.Static);
        var pud = Levels > 3 ? Real(Level.Pud, 1) : (p4d.Item1, 1, FoldKind.Static);
        var pmd = Levels > 2 ? Real(Level.Pmd, 2) : (pud.Item1, 1, FoldKind.Static);
        return Geometry.Create(pgd, p4d, pud, pmd, ptrs, PageShift);
    }

    /// <summary>How the missing levels are folded, in a few words (for <c>list</c>).</summary>
    public string Folding => (Levels, RuntimeFolded) switch
    {
        (5, Level.P4d) => "p4d folded at run time into the pgd page (no LPA2: vabits_actual 48, pgd_to_folded_p4d)",
        (5, _) => "none (LPA2: 5 levels from a 16-entry level -1 table)",
        (4, Level.Pud) => "p4d folded statically (pgtable-nop4d.h); pud folded at run time into the pgd page (no LPA2: vabits_actual 47, p4d_to_folded_pud)",
        (4, _) => "p4d folded statically (pgtable-nop4d.h)",
        (3, _) => "p4d, pud folded statically (pgtable-nopud.h)",
        _ => "p4d, pud, pmd folded statically (pgtable-nopmd.h)",
    };
}
