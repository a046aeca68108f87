using PgtableInvariants.Invariants.Reporting;
using PgtableInvariants.Invariants.Running;
using Spectre.Console;

namespace PgtableInvariants.Cli.Commands;

/// <summary><c>check</c>'s progress, on stderr so stdout holds only results: a live bar when stderr is a terminal,
/// one plain line per cell otherwise (a CI log, a file).</summary>
public static class CheckProgress
{
    /// <summary>Runs <paramref name="work"/>, which calls the given action once per finished cell.</summary>
    public static void Run(CommandContext context, int total, Action<Action<CheckResult>> work)
    {
        if (!context.ErrorIsTerminal)
        {
            var done = 0;
            var closed = false;
            work(r =>
            {
                var line = $"[{++done}/{total}] {r.Invariant} {r.Model} {r.Walker ?? "-"}: {CheckReport.Words(r.Verdict)}{(r.AsExpected ? "" : " (not as expected)")}";
                try
                {
                    if (!closed)
                        context.Error.WriteLine(line);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    closed = true; // stderr closed (2>&-): progress is lost, the results on stdout are not
                }
            });
            return;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Error) });
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask("check", maxValue: total);
                var unexpected = 0;
                work(r =>
                {
                    unexpected += r.AsExpected ? 0 : 1;
                    task.Description = Markup.Escape($"{task.Value + 1}/{total} cells{(unexpected == 0 ? "" : $", {unexpected} not as expected")}; last: {r.Invariant} {r.Model} {r.Walker ?? ""}");
                    task.Increment(1);
                });
            });
    }
}
