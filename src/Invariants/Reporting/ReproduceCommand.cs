using System.Globalization;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Running;

namespace PgtableInvariants.Invariants.Reporting;

/// <summary>The command line that shows a falsified cell's counterexample again: for a walk, the <c>trace</c> of that
/// walk (model, walker, range, stack layout, access and every map with its size and protection); for a property of
/// the model alone, the <c>check</c> of that cell replayed from its seed.</summary>
/// <remarks>The arguments are the command's argv; <see cref="ToString"/> quotes them for a POSIX shell.</remarks>
public sealed record ReproduceCommand(IReadOnlyList<string> Arguments)
{
    /// <summary>The command-line tool's name, as the README runs it.</summary>
    public const string Program = "pgtable-invariants";

    /// <summary>The command for <paramref name="result"/>'s counterexample, or null when it has none.</summary>
    public static ReproduceCommand? For(CheckResult result)
    {
        var config = result.Config ?? new RunConfig();
        var kernel = config.Kernel is { } k ? new[] { "--kernel-tree", k.Tree.Directory, "--arch", k.Arch } : [];
        return result.Counterexample switch
        {
            null => null,
            WalkCase w when result.Walker is not null => new([.. Trace(result.Model, result.Walker, w), .. kernel]),
            _ => new([.. Replay(result, config), .. kernel]),
        };
    }

    private static IEnumerable<string> Trace(string model, string walker, WalkCase w)
    {
        string[] args =
        [
            "trace", "--model", model, "--walker", walker,
            "--start", Hex(w.Range.Start.Value), "--end", w.Range.ToTop ? "0" : Hex(w.Range.End.Value),
            "--stack-layout", w.LayoutName,
        ];
        return args.Concat(w.Write ? ["--write"] : []).Concat(w.Mappings.SelectMany(m => new[] { "--map", Map(m) }));
    }

    /// <summary><c>VA[=PFN]:SIZE:PROT</c>, the pfn only where it is not <c>VA &gt;&gt; PAGE_SHIFT</c>.</summary>
    private static string Map(PlannedMapping m) =>
        Hex(m.Va.Value) + (m.Pfn.Value == m.Va.Value >> m.Size.PageShift ? "" : "=" + Hex(m.Pfn.Value)) + $":{m.Size}:{VmFlagsText.Format(m.Flags)}";

    /// <summary>The cell alone, from its seed. FsCheck sizes its cases by the number of tests asked, so a run with another
    /// <c>--max-tests</c> than the default gives it too.</summary>
    private static IEnumerable<string> Replay(CheckResult result, RunConfig config)
    {
        IEnumerable<string> args = ["check", "--invariant", result.Invariant, "--model", result.Model];
        if (result.Walker is not null)
            args = args.Concat(["--walker", result.Walker]);
        args = args.Concat(["--replay", result.Seed.ToString()]);
        return config.MaxTests == RunConfig.DefaultMaxTests ? args : args.Concat(["--max-tests", config.MaxTests.ToString(CultureInfo.InvariantCulture)]);
    }

    private static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>One line to paste into a shell.</summary>
    public override string ToString() => Program + " " + string.Join(" ", Arguments.Select(Quote));

    /// <summary>The argument as is when a shell takes it so, else in single quotes (a seed's parentheses would not do).</summary>
    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "_./:=@%+,-".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
