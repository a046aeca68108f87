using System.Diagnostics;
using PgtableInvariants.KernelOracle.Trees;

namespace PgtableInvariants.KernelOracle.Building;

/// <summary>Runs <c>oracle/build.sh</c>, which configures the tree out of tree, builds the kernel's objects and our
/// glue with the tree's own flags and links the server. Builds are cached outside the checkout by the script, keyed
/// by tree, architecture, variant, compiler and the glue's content, so asking again costs well under a second.</summary>
public static class OracleBuilder
{
    /// <summary>The build script shipped beside the program.</summary>
    public static string Script => Path.Combine(AppContext.BaseDirectory, "oracle", "build.sh");

    /// <summary>Builds (or finds cached) the server of <paramref name="target"/> for <paramref name="tree"/>;
    /// <paramref name="progress"/> receives the script's progress lines.</summary>
    /// <exception cref="OracleSetupError">A missing tool or an unusable tree (bad input), or a failed build.</exception>
    public static OracleBuild Build(KernelTree tree, OracleTarget target, Action<string>? progress = null)
    {
        if (!File.Exists(Script))
            throw new OracleSetupError($"the oracle build script is missing at {Script}", badInput: false);
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Script, "--tree", tree.Directory, "--arch", target.Arch, "--variant", target.Variant })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new OracleSetupError("could not start bash to build the oracle", badInput: false);
        string? lastError = null;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lastError = e.Data;
            progress?.Invoke(e.Data);
        };
        process.BeginErrorReadLine();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        return process.ExitCode switch
        {
            0 => Parse(target, line),
            2 => throw new OracleSetupError(lastError ?? $"build.sh refused {tree.Directory} for {target}"),
            _ => throw new OracleSetupError(lastError ?? $"building the {target} oracle from {tree.Directory} failed", badInput: false),
        };
    }

    private static OracleBuild Parse(OracleTarget target, string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]);
        if (!fields.TryGetValue("run", out var run) || !File.Exists(run))
            throw new OracleSetupError($"build.sh for {target} printed no usable run script: '{line}'", badInput: false);
        return new OracleBuild(target, run, fields.GetValueOrDefault("version", "?"));
    }
}
