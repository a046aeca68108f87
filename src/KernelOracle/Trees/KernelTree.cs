using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.KernelOracle.Trees;

/// <summary>A kernel source tree given by the user: its directory, its release and the era it is checked in.</summary>
/// <remarks>Nothing is read from the tree but its top Makefile and the presence of the files the oracle builds; the
/// build itself happens out of tree (<c>make O=…</c>), so the tree is never changed.</remarks>
public sealed record KernelTree(string Directory, KernelVersion Version, KernelEra Era)
{
    /// <summary>The tree at <paramref name="directory"/>, which <paramref name="namedBy"/> (an option or an environment
    /// variable) named, as the message of a problem says.</summary>
    /// <exception cref="OracleSetupError">Not a directory, not a kernel tree, or older than 5.8.</exception>
    public static KernelTree Open(string directory, string namedBy = "--kernel-tree")
    {
        if (File.Exists(directory))
            throw new OracleSetupError($"{namedBy} {directory}: a file, not the directory of a kernel source tree");
        if (!System.IO.Directory.Exists(directory))
            throw new OracleSetupError($"{namedBy} {directory}: no such directory");
        var full = Path.GetFullPath(directory);
        var makefile = Path.Combine(full, "Makefile");
        var version = File.Exists(makefile) ? KernelVersion.FromMakefile(File.ReadAllText(makefile)) : null;
        if (version is not { } v || !File.Exists(Path.Combine(full, "mm", "gup.c")) || !File.Exists(Path.Combine(full, "mm", "pagewalk.c")))
            throw new OracleSetupError($"{namedBy} {directory}: not a kernel source tree (no top Makefile with VERSION, or no mm/gup.c and mm/pagewalk.c)");
        var era = KernelEra.OfRelease(v.Major, v.Minor)
            ?? throw new OracleSetupError($"{namedBy} {directory}: Linux {v} is older than 5.8, the first era modelled");
        return new KernelTree(full, v, era);
    }

    /// <summary>How the release maps to an era, in one line: exact, or between two eras and checked against the older.</summary>
    public string EraNote => Era.BeginsAt(Version.Major, Version.Minor)
        ? $"Linux {Version} is era {Era}"
        : $"Linux {Version} lies after era {Era} and before the next modelled one: checked against {Era}";

    public override string ToString() => $"{Directory} (Linux {Version}, era {Era})";
}
