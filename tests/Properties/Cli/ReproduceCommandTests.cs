using System.Text;
using System.Text.RegularExpressions;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Reporting;
using PgtableInvariants.Invariants.Running;

namespace PgtableInvariants.Properties.Cli;

/// <summary>The command <c>check</c> prints with each counterexample shows that counterexample again: run as printed
/// (in process), a <c>trace</c> disagrees with the hardware at the same page, or shows the same step; a replayed
/// <c>check</c> prints the same violation.</summary>
public sealed class ReproduceCommandTests
{
    public static TheoryData<string, string, string> FalsifiedCells()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (invariant, model, walker) in InvariantCatalogue.ExpectedFalsified())
            data.Add(invariant.Id, model.Name, walker ?? "");
        return data;
    }

    [Theory, MemberData(nameof(FalsifiedCells))]
    public void The_printed_command_reproduces_the_counterexample(string invariant, string model, string walker)
    {
        var result = InvariantCatalogue.Find(invariant)!.Check(ModelCatalogue.Find(model)!, walker.Length == 0 ? null : walker, new RunConfig());
        Assert.Equal(Verdict.Falsified, result.Verdict);
        var line = CheckReport.Render(result).Split('\n').Single(l => l.StartsWith("reproduce       ", StringComparison.Ordinal));
        var argv = ShellWords(line["reproduce       ".Length..]);
        Assert.Equal(ReproduceCommand.Program, argv[0]);
        var run = CliRun.Of([.. argv.Skip(1)]);
        Assert.All(run.ErrorLines, l => Assert.Matches(@"^\[\d+/\d+\] ", l)); // progress only

        if (argv[1] == "check")
        {
            Assert.Equal(0, run.ExitCode);
            Assert.Contains($"violation       {result.Violation}\n", run.Output, StringComparison.Ordinal);
            return;
        }
        Assert.Equal("trace", argv[1]);
        ShowsTheSameViolation(invariant, result.Violation!, run);
    }

    [Fact]
    public void Check_json_gives_each_counterexample_its_reproduce_command_and_the_maps_protections()
    {
        var args = new[] { "check", "--invariant", "gup-fast-complete", "--model", "x86-64/4level", "--walker", "gup-fast/v5.8" };
        var text = CliRun.Of(args).Output.Split('\n').Single(l => l.StartsWith("reproduce       ", StringComparison.Ordinal))["reproduce       ".Length..];
        var counterexample = System.Text.Json.Nodes.JsonNode.Parse(CliRun.Of([.. args, "--json"]).Output)!["results"]![0]!["counterexample"]!;
        Assert.Equal(text, counterexample["reproduce"]!.GetValue<string>());
        Assert.Equal("r-xp", counterexample["mappings"]![0]!["prot"]!.GetValue<string>());
        Assert.EndsWith("--map 0x0:4K:r-xp", text, StringComparison.Ordinal);
    }

    /// <summary>What the trace must show for the invariant's violation: the page it names, marked, or the fault, with exit status 1;
    /// or, for a violation of one step, that step.</summary>
    private static void ShowsTheSameViolation(string invariant, string violation, CliRun run)
    {
        switch (invariant)
        {
            case "gup-fast-prefix" when violation.StartsWith("gup_fast faulted: ", StringComparison.Ordinal):
                Assert.Equal(1, run.ExitCode);
                Assert.Contains($"\nfault: {Parts(violation, "^gup_fast faulted: (.+)$").Groups[1].Value}\n", run.Output, StringComparison.Ordinal);
                break;
            case "gup-fast-prefix":
                ShowsTheWrongPage(Parts(violation, @"^pinned (?<pfn>pfn 0x[0-9a-f]+) for (?<va>0x[0-9a-f]+), the hardware gives (?<hardware>.+)$"), run);
                break;
            case "gup-fast-write":
                ShowsTheWrongPage(Parts(violation, @"^pinned (?<va>0x[0-9a-f]+) \((?<pfn>pfn 0x[0-9a-f]+)\) for write; a write there gives (?<hardware>.+)$"), run);
                break;
            case "gup-fast-complete":
            {
                var m = Parts(violation, @"^pinned (\d+) of the (\d+) mapped, accessible pages$");
                Assert.Equal(1, run.ExitCode);
                Assert.Contains($"{ulong.Parse(m.Groups[2].Value) - ulong.Parse(m.Groups[1].Value)} missed", run.Output, StringComparison.Ordinal);
                break;
            }
            case "iterator":
            {
                var m = Parts(violation, @"^(\S+) in (\S+) points to ([0-9a-f]{16}) \((.+?)\), but");
                Assert.Matches($@"{Regex.Escape(m.Groups[1].Value)}\s+{m.Groups[3].Value} -> {Regex.Escape(m.Groups[4].Value)}", run.Output);
                break;
            }
            case "lockless-reads":
            {
                var m = Parts(violation, @"^\S+ read ([0-9a-f]{16}): (.+?) \(");
                Assert.Contains($"{m.Groups[1].Value} -> {m.Groups[2].Value}", run.Output, StringComparison.Ordinal);
                break;
            }
            default:
                Assert.Fail($"{invariant}: say what its trace must show ({violation})");
                break;
        }
    }

    private static Match Parts(string violation, string pattern)
    {
        var m = Regex.Match(violation, pattern);
        Assert.True(m.Success, $"the violation '{violation}' no longer reads as {pattern}");
        return m;
    }

    /// <summary>Exit status 1 and a run of the page table that starts at the violation's address with the walker's frame
    /// and the hardware's answer, marked wrong.</summary>
    private static void ShowsTheWrongPage(Match m, CliRun run)
    {
        Assert.Equal(1, run.ExitCode);
        Assert.Matches($@"│ {m.Groups["va"].Value}\.\.\S+\s+│\s+\d+\s+│\s+{m.Groups["pfn"].Value}(\.\.)?\s+│\s+{Regex.Escape(m.Groups["hardware"].Value)}\s+│\s+wrong page", run.Output);
    }

    /// <summary>Words as a POSIX shell splits the printed line: blanks separate, single quotes keep.</summary>
    private static string[] ShellWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in line)
        {
            if (c == '\'')
                (quoted, any) = (!quoted, true);
            else if (c == ' ' && !quoted)
            {
                if (any)
                    words.Add(word.ToString());
                (word, any) = (new StringBuilder(), false);
            }
            else
                (_, any) = (word.Append(c), true);
        }
        if (any)
            words.Add(word.ToString());
        return [.. words];
    }
}
