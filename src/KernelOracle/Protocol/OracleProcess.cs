using System.Diagnostics;
using PgtableInvariants.KernelOracle.Building;

namespace PgtableInvariants.KernelOracle.Protocol;

/// <summary>One running server: it writes a batch of requests and reads one answer per request. A server that
/// crashes, hangs or reaches a stub is killed and started again for the next batch; the failure becomes an
/// <see cref="OracleError"/>, never a hang or a crash of the host.</summary>
/// <param name="build">The server to run.</param>
/// <param name="answerTimeout">Longest wait for one answer (default 20 s: the server's own alarm ends a request well
/// before it).</param>
public sealed class OracleProcess(OracleBuild build, TimeSpan? answerTimeout = null) : IDisposable
{
    private readonly TimeSpan AnswerTimeout = answerTimeout ?? TimeSpan.FromSeconds(20);

    private readonly Queue<string> stderrTail = new();
    private Process? process;

    public OracleBuild Build { get; } = build;

    /// <summary>The server's greeting (<c>ready version=… arch=… config=… levels=…</c>).</summary>
    public string? Greeting { get; private set; }

    /// <summary>Sends <paramref name="requests"/> and returns their answers in order.</summary>
    /// <exception cref="OracleError">The server could not be started, died, or did not answer in time.</exception>
    public IReadOnlyList<OracleAnswer> Send(IReadOnlyList<string> requests)
    {
        var server = process ?? Start();
        var writer = Task.Run(() =>
        {
            foreach (var request in requests)
                server.StandardInput.Write(request + "\n");
            server.StandardInput.Flush();
        });
        var answers = new List<OracleAnswer>(requests.Count);
        using var log = Log();
        for (var i = 0; i < requests.Count; i++)
        {
            var line = ReadLine(server, $"request {i + 1} of {requests.Count} ('{requests[i]}')");
            var answer = new OracleAnswer(line);
            answers.Add(answer);
            log?.WriteLine($"{requests[i]}\t=> {line}");
            if (answer.KillsProcess)
            {
                Stop();
                return answers;
            }
        }
        if (!writer.Wait(AnswerTimeout))
            Fail("the server stopped reading its requests");
        return answers;
    }

    /// <summary>With <c>PGTABLE_ORACLE_LOG=FILE</c>, every request and its answer are appended to FILE, for a person
    /// tracing what the kernel's code was asked.</summary>
    private static StreamWriter? Log() => LogFile() is { } path ? new StreamWriter(path, append: true) : null;

    /// <summary>The file <c>PGTABLE_ORACLE_LOG</c> names (null when unset or empty), checked by opening it for
    /// appending, so a path that cannot be written is refused when the kernel's code is prepared, not half-way through.</summary>
    /// <exception cref="OracleSetupError">The file cannot be appended to.</exception>
    public static string? LogFile()
    {
        if (Environment.GetEnvironmentVariable("PGTABLE_ORACLE_LOG") is not { Length: > 0 } path)
            return null;
        try
        {
            using var _ = new StreamWriter(path, append: true);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new OracleSetupError($"PGTABLE_ORACLE_LOG={path}: cannot append to it ({e.Message.TrimEnd('.')})");
        }
    }

    private Process Start()
    {
        var start = new ProcessStartInfo(Build.RunScript)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process started;
        try
        {
            started = Process.Start(start) ?? throw new OracleError($"could not start {Build.RunScript}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new OracleError($"could not start {Build.RunScript}: {e.Message}", e);
        }
        started.StandardInput.AutoFlush = false;
        started.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (stderrTail)
            {
                stderrTail.Enqueue(e.Data);
                if (stderrTail.Count > 8)
                    stderrTail.Dequeue();
            }
        };
        started.BeginErrorReadLine();
        process = started;
        Greeting = ReadLine(started, "the greeting");
        if (!Greeting.StartsWith("ready", StringComparison.Ordinal))
            Fail($"the server greeted with '{Greeting}'");
        return started;
    }

    private string ReadLine(Process server, string waitingFor)
    {
        using var timeout = new CancellationTokenSource(AnswerTimeout);
        string? line;
        try
        {
            line = server.StandardOutput.ReadLineAsync(timeout.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            Fail($"no answer to {waitingFor} within {AnswerTimeout.TotalSeconds:0} s");
            throw;
        }
        if (line is null)
            Fail($"the server exited while {waitingFor} was pending");
        return line!;
    }

    private void Fail(string what)
    {
        string tail;
        lock (stderrTail)
            tail = string.Join(" | ", stderrTail);
        Stop();
        throw new OracleError($"{Build.Target} oracle (Linux {Build.Version}): {what}{(tail.Length == 0 ? "" : $"; stderr: {tail}")}");
    }

    private void Stop()
    {
        if (process is null)
            return;
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
        process = null;
    }

    public void Dispose() => Stop();
}
