using System.Globalization;

namespace PgtableInvariants.Cli.Parsing;

/// <summary>Addresses and pfns as a kernel developer types them: <c>0x7ffff000</c> or decimal, <c>_</c> allowed.</summary>
public static class AddressText
{
    public static bool TryParse(string text, out ulong value) => Problem(text, out value) is null;

    /// <summary>Parses <paramref name="text"/>; null when it is a number, else what is wrong with it.</summary>
    public static string? Problem(string text, out ulong value)
    {
        value = 0;
        var digits = text.Trim().Replace("_", "", StringComparison.Ordinal);
        var hex = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        var body = hex ? digits[2..] : digits;
        if (body.Length == 0)
            return "no digits";
        // Only ASCII digits: .NET would not take others anyway, but the message should say why.
        if (!body.All(c => char.IsAsciiDigit(c) || hex && char.IsAsciiHexDigit(c)))
            return "not a number (0x… hex or decimal, ASCII digits only)";
        var parsed = hex
            ? ulong.TryParse(body, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : ulong.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        return parsed ? null : "more than 64 bits";
    }

    public static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);
}
