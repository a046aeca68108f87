using PgtableInvariants.Arch.Levels;

namespace PgtableInvariants.Walkers.Tracing;

/// <summary>Trace names built once per level (<c>pud_addr_end</c>, <c>READ_ONCE(*pudp)</c>), so a walk with tracing
/// off builds no strings.</summary>
public sealed class HelperNames
{
    private readonly string[] names;

    private HelperNames(Func<string, string> format) =>
        names = [.. LevelExtensions.TopDown.Select(l => format(l.Name()))];

    /// <summary>A name per level from a pattern over the level's name.</summary>
    public static HelperNames Of(Func<string, string> format) => new(format);

    public string this[Level level] => names[(int)level];

    /// <summary><c>pXd_addr_end</c>, which every walker's loop calls.</summary>
    public static HelperNames AddrEnd { get; } = Of(n => $"{n}_addr_end");

    /// <summary><c>pXd_addr_end_folded</c> of RFC v2.</summary>
    public static HelperNames AddrEndFolded { get; } = Of(n => $"{n}_addr_end_folded");
}
