namespace PgtableInvariants.Cli.Commands;

/// <summary>A standard stream that cannot be written: a closed descriptor, a full device, a pipe whose reader has gone.
/// It is the environment's problem, not the tool's: one line on stderr and exit code 2, except for a reader that has
/// gone (<see cref="ReaderGone"/>), which ends the command quietly.</summary>
public sealed class OutputUnwritableException(string stream, Exception cause)
    : Exception($"cannot write to {stream}: {Reason(cause)}", cause)
{
    // errno values of include/uapi/asm-generic/errno-base.h; on Unix, .NET's IOException carries the raw errno.
    private const int Ebadf = 9;
    private const int Enospc = 28;
    private const int Epipe = 32;

    /// <summary>True when the stream was a pipe whose reader has gone (<c>check | head -1</c>): no error, but the
    /// quiet end a SIGPIPE gives a Unix tool.</summary>
    public bool ReaderGone => InnerException is IOException { HResult: Epipe };

    /// <summary>The errno behind <paramref name="cause"/> in words, without .NET's type names.</summary>
    private static string Reason(Exception cause) => cause switch
    {
        ObjectDisposedException or NotSupportedException => "it is closed",
        UnauthorizedAccessException => "it is closed or not open for writing",
        IOException { HResult: Enospc } => "no space left on the device (ENOSPC)",
        IOException { HResult: Ebadf } => "it is closed (EBADF)",
        _ => cause.Message.TrimEnd('.'),
    };
}
