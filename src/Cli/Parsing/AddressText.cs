using System.Globalization;

namespace PgtableInvariants.Cli.Parsing;

/// <summary>Addresses and pfns as a kernel developer types them: <c>0x7ffff000</c> or decimal, <c>_</c> allowed.</summary>
public static class AddressText
{
    public static bool TryParse(string text, out ulong value)
    {
        var digits = text.Trim().Replace("_", "", StringComparison.Ordinal);
        return digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(digits.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) && digits.Length > 2
            : ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);
}
