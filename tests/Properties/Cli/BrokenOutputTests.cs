using PgtableInvariants.Cli;
using PgtableInvariants.Cli.Commands;

namespace PgtableInvariants.Properties.Cli;

/// <summary>A stdout the tool cannot write is the environment's problem: one line on stderr and exit code 2, never
/// "internal" and never a .NET exception name; a reader that has gone is no error at all.</summary>
public sealed class BrokenOutputTests
{
    /// <summary>A stdout whose every write fails as the kernel's write(2) would: EPIPE, ENOSPC or EBADF.</summary>
    private sealed class FailingWriter(Exception failure) : StringWriter
    {
        public override void Write(char value) => throw failure;

        public override void Write(string? value) => throw failure;

        public override void Write(char[] buffer, int index, int count) => throw failure;

        public override void WriteLine(string? value) => throw failure;
    }

    public static TheoryData<string, string> Failures() => new()
    {
        { "enospc", "no space left on the device (ENOSPC)" },
        { "ebadf", "it is closed (EBADF)" },
        { "closed", "it is closed or not open for writing" },
    };

    private static Exception Failure(string name) => name switch
    {
        "epipe" => new IOException("Broken pipe", 32),
        "enospc" => new IOException("No space left on device", 28),
        "ebadf" => new IOException("Bad file descriptor", 9),
        _ => new UnauthorizedAccessException("Access to the path is denied."),
    };

    [Theory, MemberData(nameof(Failures))]
    public void A_stdout_that_cannot_be_written_is_one_line_and_exit_code_2(string failure, string reason)
    {
        foreach (var args in new[] { new[] { "list" }, ["--help"], ["trace", "--model", "s390/3level", "--walker", "gup-fast/v5.8", "--start", "0x7ffff000", "--end", "0x80001000"] })
        {
            var error = new StringWriter();
            var code = CommandLine.Run(args, GuardedWriter.Output(new FailingWriter(Failure(failure))), error);
            Assert.Equal(2, code);
            Assert.Equal($"error: cannot write to standard output: {reason}", Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        }
    }

    [Fact] // check | head -1: the reader has gone, which is no error; the tool ends as SIGPIPE ends a Unix tool.
    public void A_stdout_whose_reader_has_gone_ends_the_command_quietly_with_141()
    {
        foreach (var args in new[] { new[] { "list" }, ["--help"] })
        {
            var error = new StringWriter();
            var code = CommandLine.Run(args, GuardedWriter.Output(new FailingWriter(Failure("epipe"))), error);
            Assert.Equal((141, ""), (code, error.ToString()));
        }
    }

    [Fact]
    public void A_stderr_that_cannot_be_written_leaves_the_exit_code_to_tell()
    {
        var code = CommandLine.Run(["check", "--bogus"], new StringWriter(), GuardedWriter.Error(new FailingWriter(Failure("epipe"))));
        Assert.Equal(2, code);
    }
}
