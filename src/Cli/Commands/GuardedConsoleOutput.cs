using System.Text;
using Spectre.Console;

namespace PgtableInvariants.Cli.Commands;

/// <summary>Spectre's console output on the guarded stdout (<see cref="GuardedWriter"/>): writes go through the guard,
/// while whether stdout is a terminal (and its size) is asked of <see cref="Console.Out"/>, which Spectre recognises.</summary>
public sealed class GuardedConsoleOutput : IAnsiConsoleOutput
{
    private readonly AnsiConsoleOutput underneath;

    private GuardedConsoleOutput(TextWriter writer, AnsiConsoleOutput underneath)
    {
        Writer = writer;
        this.underneath = underneath;
    }

    /// <summary>The output for <paramref name="writer"/>: the guarded stdout when it is a <see cref="GuardedWriter"/>.</summary>
    public static IAnsiConsoleOutput On(TextWriter writer) =>
        writer is GuardedWriter guarded ? new GuardedConsoleOutput(guarded, new AnsiConsoleOutput(Console.Out)) : new AnsiConsoleOutput(writer);

    public TextWriter Writer { get; }

    public bool IsTerminal => underneath.IsTerminal;

    public int Width => underneath.Width;

    public int Height => underneath.Height;

    public void SetEncoding(Encoding encoding) => underneath.SetEncoding(encoding);
}
