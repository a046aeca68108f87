using System.Runtime.CompilerServices;

namespace PgtableInvariants.Arch;

/// <summary>The problem text of a <see cref="Guard"/> check, formatted only when the check fails: a model builds
/// millions of entries and mappings, each checked, and formatting every message would cost more than the checks.</summary>
[InterpolatedStringHandler]
public ref struct GuardProblemHandler
{
    private DefaultInterpolatedStringHandler text;

    /// <summary>Starts a message that is written only when <paramref name="condition"/> is false.</summary>
    public GuardProblemHandler(int literalLength, int formattedCount, bool condition, out bool failed)
    {
        failed = !condition;
        text = failed ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public void AppendLiteral(string value) => text.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => text.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => text.AppendFormatted(value, format);

    /// <summary>The message, for a failed check.</summary>
    public string ToStringAndClear() => text.ToStringAndClear();
}
