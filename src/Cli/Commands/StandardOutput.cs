using System.Runtime.InteropServices;

namespace PgtableInvariants.Cli.Commands;

/// <summary>Whether the reader of the process's stdout went away (<c>check | head -1</c>). .NET ignores SIGPIPE, so a
/// run would compute on until its next write failed with EPIPE; polling the pipe between cells stops it at once.</summary>
/// <remarks>On Linux, <c>poll(2)</c> on the write end of a pipe whose read end is closed reports <c>POLLERR</c> (a
/// socket reports <c>POLLHUP</c>); a file or a terminal reports neither. Elsewhere this answers false and the failing
/// write ends the run instead.</remarks>
public static partial class StandardOutput
{
    /// <summary>The exit status when the reader went away: 128 + SIGPIPE, what a shell shows for a process SIGPIPE ended.</summary>
    public const int ReaderGoneStatus = 141;

    private const short PollErr = 0x008;
    private const short PollHup = 0x010;

    /// <summary>True when stdout is a pipe or socket nobody reads any more.</summary>
    public static bool ReaderGone()
    {
        if (!OperatingSystem.IsLinux())
            return false;
        var fds = new[] { new PollFd { Fd = 1 } };
        return Poll(fds, 1, 0) == 1 && (fds[0].Revents & (PollErr | PollHup)) != 0;
    }

    /// <summary>True when <paramref name="e"/> is a failed write to a stdout nobody reads (EPIPE).</summary>
    public static bool IsReaderGone(Exception e) =>
        e is ReaderGoneException or OutputUnwritableException { ReaderGone: true } || (e is IOException && ReaderGone());

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll([In, Out] PollFd[] fds, ulong count, int timeout);
}
