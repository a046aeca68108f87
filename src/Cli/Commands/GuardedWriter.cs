using System.Text;
using Microsoft.Win32.SafeHandles;

namespace PgtableInvariants.Cli.Commands;

/// <summary>A standard stream that hands every failure to write to one place: stdout turns it into
/// <see cref="OutputUnwritableException"/> (one line and exit code 2, not an internal error), stderr drops it (there is
/// nowhere left to say anything; the exit code still does).</summary>
/// <remarks>A closed descriptor, <c>/dev/full</c> and a pipe whose reader has gone all end a write with an exception
/// here: .NET ignores SIGPIPE, so the kernel's EPIPE comes back as an <see cref="IOException"/>.</remarks>
public sealed class GuardedWriter(TextWriter inner, Action<Exception> onFailure) : TextWriter
{
    private readonly TextWriter Inner = inner;

    /// <summary>True for the process's own stdout or stderr (not a writer a test gives), whose reader may go away.</summary>
    public bool IsProcessStream { get; private init; }

    public override Encoding Encoding => Inner.Encoding;

    public override IFormatProvider FormatProvider => Inner.FormatProvider;

    public override string NewLine
    {
        get => Inner.NewLine;
#pragma warning disable CS8765 // TextWriter.NewLine's setter is declared nullable-oblivious.
        set => Inner.NewLine = value;
#pragma warning restore CS8765
    }

    /// <summary>Stdout: a write that fails ends the command with <see cref="OutputUnwritableException"/>.</summary>
    public static GuardedWriter Output(TextWriter stdout) => new(stdout, Unwritable);

    private static void Unwritable(Exception e) => throw new OutputUnwritableException("standard output", e);

    /// <summary>The process's stdout, written through descriptor 1 itself rather than <see cref="Console.Out"/>: .NET's
    /// console stream treats EPIPE as success, so <c>check | head -1</c> would go on computing for a reader that has
    /// gone. Each write is flushed, so stdout and stderr interleave as they were written.</summary>
    public static TextWriter StandardOutput()
    {
        try
        {
            var stream = new FileStream(new SafeFileHandle(StdoutFileno, ownsHandle: false), FileAccess.Write, bufferSize: 0);
            return new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Descriptor 1 is closed or not a file: the console's own writer fails or drops, as it would have.
            return Console.Out;
        }
    }

    /// <summary>STDOUT_FILENO.</summary>
    private const int StdoutFileno = 1;

    /// <summary>Stderr: a write that fails is dropped.</summary>
    public static GuardedWriter Error(TextWriter stderr) => new(stderr, _ => { });

    /// <summary>The process's own stdout, guarded.</summary>
    public static GuardedWriter ProcessOutput() => new(StandardOutput(), Unwritable) { IsProcessStream = true };

    /// <summary>The process's own stderr, guarded.</summary>
    public static GuardedWriter ProcessError() => new(Console.Error, _ => { }) { IsProcessStream = true };

    public override void Write(char value) => Guard(() => Inner.Write(value));

    public override void Write(string? value) => Guard(() => Inner.Write(value));

    public override void Write(char[] buffer, int index, int count) => Guard(() => Inner.Write(buffer, index, count));

    public override void WriteLine(string? value) => Guard(() => Inner.WriteLine(value));

    public override void WriteLine() => Guard(Inner.WriteLine);

    public override void Flush() => Guard(Inner.Flush);

    private void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException)
        {
            onFailure(e);
        }
    }
}
