using System.Globalization;

namespace PgtableInvariants.KernelOracle.Protocol;

/// <summary>One answer line of the server (oracle/PROTOCOL.md): <c>ok FIELD…</c>, <c>none</c>, or
/// <c>error KIND DETAIL…</c>.</summary>
public sealed record OracleAnswer(string Line)
{
    private string[] Words => Line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool IsOk => Line == "ok" || Line.StartsWith("ok ", StringComparison.Ordinal);

    /// <summary>The helper has no counterpart in this tree for that level.</summary>
    public bool IsNone => Line == "none";

    public bool IsError => Line.StartsWith("error", StringComparison.Ordinal);

    /// <summary>The fields after <c>ok</c>.</summary>
    public IReadOnlyList<string> Fields => IsOk ? Words[1..] : [];

    /// <summary>After this error the server's state is not to be trusted: it crashed, hung or reached a stub.</summary>
    public bool KillsProcess => IsError && ErrorKind is not "request";

    /// <summary><c>stub</c>, <c>signal</c>, <c>timeout</c>, <c>bug</c>, <c>request</c>, or null.</summary>
    public string? ErrorKind => IsError && Words.Length > 1 ? Words[1] : null;

    /// <summary>A hexadecimal field as a number.</summary>
    public ulong Hex(int index) => ulong.Parse(Fields[index], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    public override string ToString() => Line;
}
