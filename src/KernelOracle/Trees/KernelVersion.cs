using System.Globalization;

namespace PgtableInvariants.KernelOracle.Trees;

/// <summary>A kernel release, as the top Makefile of a tree says it: <c>VERSION.PATCHLEVEL.SUBLEVEL</c>.</summary>
public readonly record struct KernelVersion(int Major, int Minor, int Sublevel)
{
    /// <summary>Reads <c>VERSION</c>, <c>PATCHLEVEL</c> and <c>SUBLEVEL</c> from the text of a top Makefile, or null
    /// when one of them is missing.</summary>
    public static KernelVersion? FromMakefile(string text)
    {
        int? Field(string name) =>
            text.Split('\n').Select(line => line.Split('=', 2)).Where(kv => kv.Length == 2 && kv[0].Trim() == name)
                .Select(kv => int.TryParse(kv[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null)
                .FirstOrDefault();
        return Field("VERSION") is { } major && Field("PATCHLEVEL") is { } minor
            ? new KernelVersion(major, minor, Field("SUBLEVEL") ?? 0)
            : null;
    }

    public override string ToString() => $"{Major}.{Minor}.{Sublevel}";
}
