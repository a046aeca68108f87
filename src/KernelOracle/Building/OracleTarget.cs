using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.KernelOracle.Building;

/// <summary>One server build of a tree: an architecture and a configuration variant (x86-64 is built twice, with
/// and without <c>CONFIG_X86_5LEVEL</c>, because the 4-level model folds the p4d at compile time).</summary>
/// <param name="Arch">The architecture as <c>build.sh</c> and the models name it: <c>s390</c>, <c>x86-64</c>.</param>
/// <param name="Variant">The configuration variant.</param>
public sealed record OracleTarget(string Arch, string Variant)
{
    /// <summary>s390 defconfig: one kernel serves mms of 3, 4 and 5 levels, as s390 folds per mm.</summary>
    public static OracleTarget S390 { get; } = new("s390", "default");

    /// <summary>x86-64 with <c>CONFIG_X86_5LEVEL=y</c>: LA57 on (5 levels) or off at run time (p4d folded at boot).</summary>
    public static OracleTarget X86FiveLevel { get; } = new("x86-64", "5level");

    /// <summary>x86-64 with <c>CONFIG_X86_5LEVEL=n</c>: p4d folded by pgtable-nop4d.h.</summary>
    public static OracleTarget X86FourLevel { get; } = new("x86-64", "4level");

    /// <summary>The architectures the oracle builds.</summary>
    public static IReadOnlyList<string> Architectures { get; } = ["s390", "x86-64"];

    /// <summary>Every build an architecture needs.</summary>
    public static IReadOnlyList<OracleTarget> Of(string arch) => arch switch
    {
        "s390" => [S390],
        "x86-64" => [X86FourLevel, X86FiveLevel],
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
        _ => null,
    };

    public override string ToString() => $"{Arch}/{Variant}";
}
