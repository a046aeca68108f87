using PgtableInvariants.Arch.Architectures.Arm64;
using PgtableInvariants.Arch.Architectures.Riscv;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.KernelOracle.Building;

/// <summary>One server build of a tree: an architecture and a configuration variant (x86-64 is built twice, with
/// and without <c>CONFIG_X86_5LEVEL</c>, because the 4-level model folds the p4d at compile time; arm64 once per granule
/// and VA size; riscv64 once, as s390).</summary>
/// <param name="Arch">The architecture as <c>build.sh</c> and the models name it: <c>s390</c>, <c>x86-64</c>, <c>arm64</c>,
/// <c>riscv64</c>.</param>
/// <param name="Variant">The configuration variant.</param>
public sealed record OracleTarget(string Arch, string Variant)
{
    /// <summary>s390 defconfig: one kernel serves mms of 3, 4 and 5 levels, as s390 folds per mm.</summary>
    public static OracleTarget S390 { get; } = new("s390", "default");

    /// <summary>x86-64 with <c>CONFIG_X86_5LEVEL=y</c>: LA57 on (5 levels) or off at run time (p4d folded at boot).</summary>
    public static OracleTarget X86FiveLevel { get; } = new("x86-64", "5level");

    /// <summary>x86-64 with <c>CONFIG_X86_5LEVEL=n</c>: p4d folded by pgtable-nop4d.h.</summary>
    public static OracleTarget X86FourLevel { get; } = new("x86-64", "4level");

    /// <summary>riscv64 defconfig (<c>CONFIG_PGTABLE_LEVELS=5</c>): one kernel serves Sv39, Sv48 and Sv57, since riscv folds the
    /// p4d and the pud at boot from the <c>satp</c> mode (<c>pgtable_l5_enabled</c>, <c>pgtable_l4_enabled</c>).</summary>
    public static OracleTarget Riscv64 { get; } = new("riscv64", "default");

    /// <summary>The arm64 build of <paramref name="config"/>: <c>&lt;granule&gt;k-&lt;va&gt;</c> (<c>16k-52</c>). A
    /// configuration that folds a level at run time is the same build as its sibling on a CPU with LPA2.</summary>
    public static OracleTarget Arm64(Arm64Config config) => new("arm64", $"{1 << (config.PageShift - 10)}k-{config.VaBits}");

    /// <summary>The architectures the oracle builds.</summary>
    public static IReadOnlyList<string> Architectures { get; } = ["s390", "x86-64", "arm64", "riscv64"];

    /// <summary>Every build an architecture needs.</summary>
    public static IReadOnlyList<OracleTarget> Of(string arch) => arch switch
    {
        "s390" => [S390],
        "x86-64" => [X86FourLevel, X86FiveLevel],
        "arm64" => [.. Arm64Config.All.Select(Arm64).Distinct()],
        "riscv64" => [Riscv64],
        _ => [],
    };

    /// <summary>The build that runs <paramref name="model"/>'s configuration (in any era: the tree decides the era) and
    /// the depth its mm is set up with (<c>mm LEVELS</c>), or null for a model the oracle does not build (the generic
    /// ones).</summary>
    public static (OracleTarget Target, int Levels)? For(Model model) => model.Config switch
    {
        "x86-64/4level" => (X86FourLevel, 4),
        "x86-64/5level" => (X86FiveLevel, 5),
        "x86-64/la57-on-4level" => (X86FiveLevel, 4),
        _ when model.Arch.Name == "s390" => (S390, model.InitialLevels),
        // `mm LEVELS` chooses the CPU of an LPA2 build: its full depth with LPA2, one level fewer without (the top level
        // folded at run time); oracle/arch/arm64/glue.c sets TCR_EL1 accordingly.
        _ when model.Arch is Arm64Architecture arm64 =>
            (Arm64(arm64.Config), arm64.Config.Levels - (arm64.Config.RuntimeFolded is null ? 0 : 1)),
        // `mm LEVELS` is the satp mode the kernel booted in: 3 Sv39, 4 Sv48, 5 Sv57 (oracle/arch/riscv64/glue.c).
        _ when model.Arch is RiscvArchitecture riscv => (Riscv64, riscv.Levels),
        _ => null,
    };

    public override string ToString() => $"{Arch}/{Variant}";
}
