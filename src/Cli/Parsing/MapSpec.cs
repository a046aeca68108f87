using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;

namespace PgtableInvariants.Cli.Parsing;

/// <summary>One <c>--map VA[=PFN][:SIZE][:PROT]</c>: a base page of the model unless a size is given (null here), with
/// <c>pfn = VA &gt;&gt; PAGE_SHIFT</c> unless given (null), and <c>rw-p</c> (VM_READ | VM_WRITE, private) unless a
/// protection is given as counterexamples print it.</summary>
public sealed record MapSpec(VirtualAddress Va, Pfn? Pfn, ulong? Size, VmFlags Flags, string Text)
{
    /// <summary>The syntax, for messages and help.</summary>
    public const string Syntax = "VA[=PFN][:SIZE][:PROT]";

    /// <summary>The protection a map without one gets, as <c>AddressSpace.Map</c> does.</summary>
    public const VmFlags DefaultFlags = VmFlags.Read | VmFlags.Write;

    private static readonly Dictionary<string, ulong> Sizes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["4K"] = 1UL << 12,
        ["16K"] = 1UL << 14,
        ["64K"] = 1UL << 16,
        ["1M"] = 1UL << 20,
        ["2M"] = 1UL << 21,
        ["32M"] = 1UL << 25,
        ["512M"] = 1UL << 29,
        ["1G"] = 1UL << 30,
        ["2G"] = 1UL << 31,
    };

    /// <summary>The sizes a map may name, for messages and help.</summary>
    public static string SizeNames => string.Join(", ", Sizes.Keys);

    /// <summary>Parses one map; on failure <paramref name="error"/> says, in one line, which part is wrong and why.</summary>
    public static MapSpec? Parse(string text, out string? error)
    {
        error = Problem(text, out var spec);
        if (error is not null)
            error = $"--map '{text}': {error}";
        return spec;
    }

    private static string? Problem(string text, out MapSpec? spec)
    {
        spec = null;
        if (text.Trim().Length == 0)
            return $"empty: expected {Syntax}";
        var parts = text.Split(':');
        if (parts.Length > 3)
            return $"{parts.Length - 1} ':' where at most 2 fit {Syntax}";
        ulong? size = null;
        var sizeText = "";
        var flags = DefaultFlags;
        foreach (var (part, i) in parts.Skip(1).Select((p, i) => (p, i)))
        {
            if (part.Length == 0)
                return $"nothing after ':' (expected a size, {SizeNames}, or a protection such as rw-p)";
            if (i == 0 && Sizes.TryGetValue(part, out var s))
                (size, sizeText) = (s, part.ToUpperInvariant());
            else if (i == parts.Length - 2 && VmFlagsText.TryParse(part, out var f))
                flags = f;
            else if (i == 0 && (parts.Length == 3 || char.IsAsciiDigit(part[0])))
                return $"unknown size '{part}' (one of: {SizeNames})";
            else
                return $"'{part}' is neither a size ({SizeNames}) nor a protection as counterexamples print it: "
                    + "r or -, w or -, x or -, then p (private) or s (shared), e.g. rw-p";
        }
        var addresses = parts[0].Split('=');
        if (addresses.Length > 2)
            return $"'{parts[0]}' has {addresses.Length - 1} '=' where one fits VA=PFN";
        if (AddressText.Problem(addresses[0], out var va) is { } vaProblem)
            return $"'{addresses[0]}' is not an address: {vaProblem}";
        Pfn? pfn = null;
        if (addresses.Length == 2)
        {
            if (AddressText.Problem(addresses[1], out var given) is { } pfnProblem)
                return $"'{addresses[1]}' is not a pfn: {pfnProblem}";
            pfn = new Pfn(given);
        }
        if ((va & ((size ?? 1UL << 12) - 1)) != 0)
            return $"{AddressText.Hex(va)} is not {(size is null ? "page" : sizeText)}-aligned";
        spec = new MapSpec(new VirtualAddress(va), pfn, size, flags, text);
        return null;
    }
}
