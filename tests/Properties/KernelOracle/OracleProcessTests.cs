using PgtableInvariants.KernelOracle;
using PgtableInvariants.KernelOracle.Building;
using PgtableInvariants.KernelOracle.Protocol;

namespace PgtableInvariants.Properties.KernelOracle;

/// <summary>A server that dies, hangs or greets wrongly is an <see cref="OracleError"/>, never a hang or a crash of
/// the host; a healthy one answers in order, batched. The servers here are small shell scripts.</summary>
public sealed class OracleProcessTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("pgtable-fake-oracle-").FullName;

    private OracleProcess Fake(string body, double timeoutSeconds = 5)
    {
        var script = Path.Combine(dir, "run");
        File.WriteAllText(script, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new OracleProcess(new OracleBuild(OracleTarget.S390, script, "0.0.0"), TimeSpan.FromSeconds(timeoutSeconds));
    }

    [Fact]
    public void Send_AnswersEveryRequestInOrder()
    {
        using var server = Fake("echo ready version=0 arch=s390\nwhile read a b; do if [ \"$a\" = helper ]; then echo none; else echo \"ok $b\"; fi; done");
        var answers = server.Send([.. Enumerable.Range(0, 5000).Select(i => $"load {i:x}"), "helper write pud 1"]);
        Assert.Equal(5001, answers.Count);
        Assert.Equal("ok 1387", answers[4999].Line);
        Assert.True(answers[^1].IsNone);
    }

    [Fact]
    public void Send_ToAServerThatExits_IsAnOracleError()
    {
        using var server = Fake("echo ready\nread line\nexit 3");
        Assert.Contains("exited", Assert.Throws<OracleError>(() => server.Send(["mm 3", "pgd 0"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Send_ToAServerThatHangs_TimesOutAsAnOracleError()
    {
        using var server = Fake("echo ready\nsleep 600", timeoutSeconds: 1);
        Assert.Contains("no answer", Assert.Throws<OracleError>(() => server.Send(["mm 3"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Send_AfterACrashAnswer_StartsAFreshServer()
    {
        using var server = Fake("echo ready\nread line\necho 'error signal SIGSEGV pc=0 addr=0'\nread line");
        var first = server.Send(["gup fast 0 1 0", "mm 3"]);
        Assert.Single(first);
        Assert.True(first[0].KillsProcess);
        Assert.Equal("signal", first[0].ErrorKind);
        Assert.True(server.Send(["mm 3"])[0].KillsProcess);
    }

    [Fact]
    public void Send_ToAServerThatGreetsWrongly_IsAnOracleError()
    {
        using var server = Fake("echo hello");
        Assert.Contains("greeted", Assert.Throws<OracleError>(() => server.Send(["mm 3"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Send_ToAMissingProgram_IsAnOracleError()
    {
        using var server = new OracleProcess(new OracleBuild(OracleTarget.S390, Path.Combine(dir, "absent"), "0"));
        Assert.Throws<OracleError>(() => server.Send(["mm 3"]));
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
