using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Levels;

namespace PgtableInvariants.Cli.Parsing;

/// <summary>One <c>--map VA[=PFN][:SIZE]</c>: a 4 KiB page by default, with <c>pfn = VA &gt;&gt; 12</c> unless given.</summary>
public sealed record MapSpec(VirtualAddress Va, Pfn Pfn, ulong Size, string Text)
{
    private static readonly Dictionary<string, ulong> Sizes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["4K"] = 1UL << 12,
        ["1M"] = 1UL << 20,
        ["2M"] = 1UL << 21,
        ["1G"] = 1UL << 30,
        ["2G"] = 1UL << 31,
    };

    /// <summary>Parses one map; on failure <paramref name="error"/> says what is wrong with it.</summary>
    public static MapSpec? Parse(string text, out string? error)
    {
        error = null;
        var sizeText = "4K";
        var rest = text;
        var colon = text.LastIndexOf(':');
        if (colon >= 0)
        {
            sizeText = text[(colon + 1)..];
            rest = text[..colon];
        }
        if (!Sizes.TryGetValue(sizeText, out var size))
        {
            error = $"--map {text}: unknown size '{sizeText}' (one of: {string.Join(", ", Sizes.Keys)})";
            return null;
        }
        var parts = rest.Split('=');
        if (parts.Length > 2 || !AddressText.TryParse(parts[0], out var va))
        {
            error = $"--map {text}: '{parts[0]}' is not an address (0x… or decimal)";
            return null;
        }
        var pfn = va >> Geometry.PageShift;
        if (parts.Length == 2 && !AddressText.TryParse(parts[1], out pfn))
        {
            error = $"--map {text}: '{parts[1]}' is not a pfn";
            return null;
        }
        if ((va & (size - 1)) != 0)
        {
            error = $"--map {text}: {AddressText.Hex(va)} is not {sizeText}-aligned";
            return null;
        }
        return new MapSpec(new VirtualAddress(va), new Pfn(pfn), size, text);
    }
}
