using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace PgtableInvariants.Properties.Cli;

public sealed class CommandTests
{
    private static readonly string[] S390Failure =
        ["trace", "--model", "s390/3level", "--walker", "gup-fast/v5.8", "--start", "0x7ffff000", "--end", "0x80001000", "--map", "0x7ffff000", "--map", "0x0"];

    [Fact]
    public void List_shows_every_model_walker_layout_and_invariant()
    {
        var run = CliRun.Of("list");
        Assert.Equal(0, run.ExitCode);
        foreach (var name in new[] { "x86-64/la57-on-4level", "s390/3level", "i386/2level", "gup-fast/rfc-addr-end-folded", "hardware", "caller-copy", "redzone", "zero", "lockless-reads", "upgrade-preserves" })
            Assert.Contains(name, run.Output, StringComparison.Ordinal);
        Assert.Contains("0x40000000000", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_of_the_s390_bug_prints_the_matrix_the_counterexample_seed_and_trace()
    {
        var run = CliRun.Of("check", "--invariant", "gup-fast-prefix", "--model", "s390/3level", "--walker", "gup-fast/v5.8");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("verdict matrix", run.Output, StringComparison.Ordinal);
        Assert.EndsWith("1 cells, every verdict as expected: 0 hold, 1 falsified, 0 not applicable, 0 errors; 11 tests, 14 shrinks", run.OutputLines[^1], StringComparison.Ordinal);
        Assert.Contains("gup_fast faulted: KASAN: stack-out-of-bounds read at 000fffffffffff48 (red zone after p4d copy in gup_pud_range)", run.Output, StringComparison.Ordinal);
        Assert.Contains("s390/3level range [0x7ffff000, 0x80001000) stack redzone read", run.Output, StringComparison.Ordinal);
        Assert.Contains("seed (", run.Output, StringComparison.Ordinal);
        Assert.Contains("pudp++             000fffffffffff48 -> red zone after p4d copy in gup_pud_range", run.Output, StringComparison.Ordinal);
    }

    [Fact] // --max-tests 1 is too few to find this bug with the cell's seed: the verdict is not the expected one.
    public void Check_exits_1_when_a_verdict_is_not_the_expected_one()
    {
        var run = CliRun.Of("check", "--invariant", "gup-fast-write", "--model", "s390/5level", "--walker", "gup-fast/v5.9", "--max-tests", "1");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("1 of 1 cells not as expected", run.OutputLines[^1], StringComparison.Ordinal);
        Assert.Contains("not as expected:\n  gup-fast-write s390/5level / gup-fast/v5.9: holds, expected falsified\n", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"gup-fast/v5\.9 +!ok\n", run.Output);
        Assert.Contains("verdict         holds after 1 tests, seed", run.Output, StringComparison.Ordinal); // the unexpected cell's report
    }

    [Fact]
    public void Check_puts_progress_on_stderr_and_on_stdout_the_reports_the_grid_and_last_one_summary_line()
    {
        var run = CliRun.Of("check", "--model", "s390/3level", "--invariant", "gup-fast-prefix", "--invariant", "geometry");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(7, run.ErrorLines.Length);
        Assert.Equal("[3/7] gup-fast-prefix s390/3level gup-fast/v5.8: falsified", run.ErrorLines[2]);
        Assert.DoesNotContain("[3/7]", run.Output, StringComparison.Ordinal);
        var lines = run.OutputLines;
        var grid = Array.IndexOf(lines, "verdict matrix (rows: invariant and walker; columns: model)");
        Assert.True(grid > 0, "no grid");
        Assert.True(Array.FindIndex(lines, l => l.StartsWith("trace of gup-fast/v5.8", StringComparison.Ordinal)) is var trace && trace > 0 && trace < grid, "the report comes before the grid");
        Assert.Equal(["s390", "invariant        walker                        helpers  3level", "geometry                                                F"],
            lines[(grid + 3)..(grid + 6)].Select(l => l.Trim() == "s390" ? "s390" : l));
        Assert.Contains("                 gup-fast/v6.12                @v6.12   ok", lines);
        Assert.Equal("7 cells, every verdict as expected: 4 hold, 3 falsified, 0 not applicable, 0 errors; 813 tests, 16 shrinks", lines[^1]);
        Assert.Single(lines, l => l.Contains("every verdict as expected", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_json_has_the_summary_and_each_cells_asExpected_tests_and_shrinks()
    {
        var run = CliRun.Of("check", "--model", "s390/3level", "--invariant", "gup-fast-prefix", "--invariant", "geometry", "--json");
        var json = JsonNode.Parse(run.Output)!;
        var summary = json["summary"]!;
        Assert.Equal(7, summary["cells"]!.GetValue<int>());
        Assert.Equal(7, summary["asExpected"]!.GetValue<int>());
        Assert.Equal(0, summary["unexpected"]!.GetValue<int>());
        Assert.Equal(3, summary["falsified"]!.GetValue<int>());
        Assert.Equal(4, summary["holds"]!.GetValue<int>());
        Assert.Equal(0, summary["notApplicable"]!.GetValue<int>());
        Assert.Equal(0, summary["errors"]!.GetValue<int>());
        var results = json["results"]!.AsArray();
        Assert.Equal(summary["tests"]!.GetValue<int>(), results.Sum(r => r!["tests"]!.GetValue<int>()));
        var bug = results.Single(r => r!["walker"]?.GetValue<string>() == "gup-fast/v5.8")!;
        Assert.True(bug["asExpected"]!.GetValue<bool>());
        Assert.Equal(11, bug["tests"]!.GetValue<int>());
        Assert.Equal(14, bug["shrinks"]!.GetValue<int>());
        Assert.False(bug["shrinkAttemptsSpent"]!.GetValue<bool>());
        Assert.Contains("trace of gup-fast/v5.8", bug["report"]!.GetValue<string>(), StringComparison.Ordinal);
        var holds = results.Single(r => r!["walker"]?.GetValue<string>() == "gup-fast/v5.9")!;
        Assert.Equal(200, holds["tests"]!.GetValue<int>());
        Assert.Null(holds["report"]);
        Assert.Null(json["shard"]);
        Assert.Equal(["s390/3level"], json["options"]!["models"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public void Check_json_is_one_object_with_the_documented_fields()
    {
        var run = CliRun.Of("check", "--invariant", "gup-fast-prefix", "--invariant", "geometry", "--model", "s390/3level", "--json");
        Assert.Equal(0, run.ExitCode);
        var results = JsonNode.Parse(run.Output)!["results"]!.AsArray();
        var bug = results.Single(r => r!["walker"]?.GetValue<string>() == "gup-fast/v5.8")!;
        foreach (var field in new[] { "invariant", "model", "walker", "expected", "verdict", "tests", "seed", "counterexample" })
            Assert.True(bug.AsObject().ContainsKey(field), field);
        var c = bug["counterexample"]!;
        Assert.Equal("0x7ffff000", c["start"]!.GetValue<string>());
        Assert.Equal("0x80001000", c["end"]!.GetValue<string>());
        Assert.Equal("redzone", c["stackLayout"]!.GetValue<string>());
        Assert.Contains(c["mappings"]!.AsArray(), m => m!["va"]!.GetValue<string>() == "0x7ffff000" && m["pfn"]!.GetValue<string>() == "0x7ffff" && m["size"]!.GetValue<string>() == "4K");
        Assert.Contains(results, r => r!["walker"] is null && r["invariant"]!.GetValue<string>() == "geometry");
    }

    [Fact]
    public void Trace_shows_each_pages_frame_beside_the_hardwares_and_marks_the_wrong_one()
    {
        var run = CliRun.Of(S390Failure);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("pages[(*nr)++] 0x80000000  pin  pfn 0x0", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"0x80000000\.\.0x80001000\s+│\s+1\s+│\s+pfn 0x0\s+│\s+PGM \(0x3b\)\s+│\s+wrong page", run.Output);
        Assert.Matches(@"0x7ffff000\.\.0x80000000\s+│\s+1\s+│\s+pfn 0x7ffff\s+│\s+pfn 0x7ffff\s+│\s+as hardware", run.Output);
        Assert.Contains("the walk disagrees with the hardware", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_under_redzone_reports_the_kasan_fault()
    {
        var run = CliRun.Of([.. S390Failure, "--stack-layout", "redzone"]);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("fault: KASAN: stack-out-of-bounds", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_json_is_one_object_with_pages_faults_and_steps()
    {
        var run = CliRun.Of([.. S390Failure, "--json", "--stack-layout", "redzone"]);
        var json = JsonNode.Parse(run.Output)!.AsObject();
        Assert.Equal("s390/3level", json["model"]!.GetValue<string>());
        Assert.Equal("gup-fast/v5.8", json["walker"]!.GetValue<string>());
        Assert.Equal("0x7ffff000", json["start"]!.GetValue<string>());
        Assert.Equal("0x80001000", json["end"]!.GetValue<string>());
        Assert.Equal(1, run.ExitCode);
        Assert.True(json["disagrees"]!.GetValue<bool>());
        var runs = json["runs"]!.AsArray();
        Assert.Equal("0x7ffff000", runs[0]!["start"]!.GetValue<string>());
        Assert.Equal("0x7ffff", runs[0]!["pfn"]!.GetValue<string>());
        Assert.Equal(2UL, json["summary"]!["pages"]!.GetValue<ulong>());
        var fault = json["faults"]!.AsArray().Single()!;
        Assert.Equal("StackOutOfBounds", fault["kind"]!.GetValue<string>());
        Assert.StartsWith("0x", fault["pointer"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(json["steps"]!.AsArray().Count > 20);
    }

    [Fact]
    public void Trace_svg_is_well_formed_and_draws_tables_stack_escape_and_wrong_page()
    {
        var file = Path.Combine(Path.GetTempPath(), $"walk-{Guid.NewGuid():n}.svg");
        try
        {
            var run = CliRun.Of([.. S390Failure, "--svg", file]);
            Assert.Equal(1, run.ExitCode);
            var svg = XDocument.Load(file);
            XNamespace ns = "http://www.w3.org/2000/svg";
            Assert.Equal(ns + "svg", svg.Root!.Name);
            var texts = svg.Descendants(ns + "text").ToList();
            var titles = texts.Where(t => (string?)t.Attribute("class") == "column").Select(t => t.Value).ToList();
            Assert.Contains("kernel stack", titles);
            Assert.Equal(4, titles.Count(t => t.Contains(" table #", StringComparison.Ordinal)));
            Assert.Contains(svg.Descendants(ns + "path"), p => (string?)p.Attribute("class") == "escape");
            Assert.Contains(svg.Descendants(ns + "rect"), r => (string?)r.Attribute("class") == "slot pagewrong");
            Assert.Contains(texts, t => t.Value == "0x80000000 -> pfn 0x0");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Trace_with_a_huge_leaf_and_end_at_the_top_works()
    {
        var run = CliRun.Of("trace", "--model", "s390/5level", "--walker", "pagewalk", "--start", "0xffffffffffff0000", "--end", "0", "--map", "0xffffffffffffe000");
        Assert.Equal(1, run.ExitCode); // the refused walk finds nothing, and the hardware has the mapped page: it is missed
        Assert.Contains("start >= end", run.Output, StringComparison.Ordinal); // walk_page_range_novma: -EINVAL, not a walk
        Assert.Contains("-EINVAL", run.Output, StringComparison.Ordinal);
        var huge = CliRun.Of("trace", "--model", "x86-64/4level", "--walker", "gup-fast/v5.9", "--start", "0x3ff000", "--end", "0x402000", "--map", "0x200000:2M", "--map", "0x3ff000=0x1234");
        Assert.Equal(2, huge.ExitCode); // 0x3ff000 lies inside the 2M leaf at 0x200000
        var ok = CliRun.Of("trace", "--model", "x86-64/4level", "--walker", "gup-fast/v5.9", "--start", "0x3ff000", "--end", "0x402000", "--map", "0x200000:2M", "--map", "0x400000:2M");
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("gup_huge_pmd", ok.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void List_shows_the_models_and_walkers_of_every_era_with_their_ranges()
    {
        var run = CliRun.Of("list");
        Assert.Equal(0, run.ExitCode);
        foreach (var text in new[] { "x86-64/4level@v6.1", "s390/3level@v6.12", "gup-fast/v6.12", "pagewalk/v6.12", "[v5.8, v6.12)", "[v6.1, v6.12)", "helpers change" })
            Assert.Contains(text, run.Output, StringComparison.Ordinal);
    }

    [Fact] // --era picks the configuration's model and the kind's walker of that era.
    public void Trace_with_an_era_runs_the_model_and_walker_of_that_era()
    {
        var run = CliRun.Of("trace", "--era", "v6.12", "--model", "s390/3level", "--walker", "gup-fast", "--start", "0x7ffff000", "--end", "0x80001000",
            "--map", "0x7ffff000", "--map", "0x80000000");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("s390/3level@v6.12 / gup-fast/v6.12", run.Output, StringComparison.Ordinal);
        Assert.Contains("gup_fast_pud_range", run.Output, StringComparison.Ordinal);
        Assert.Contains("pages[(*nr)++] 0x80000000  pin  pfn 0x80000", run.Output, StringComparison.Ordinal);
    }

    [Fact] // check --era keeps the cells whose model has the era's helpers and whose walker is its kind's in that era.
    public void Check_with_an_era_keeps_the_cells_of_that_era()
    {
        var run = CliRun.Of("check", "--era", "v6.12", "--invariant", "gup-fast-write", "--model", "s390/3level", "--json");
        Assert.Equal(0, run.ExitCode);
        var result = Assert.Single(JsonNode.Parse(run.Output)!["results"]!.AsArray())!;
        Assert.Equal("s390/3level@v6.12", result["model"]!.GetValue<string>());
        Assert.Equal("gup-fast/v6.12", result["walker"]!.GetValue<string>());
        Assert.Equal("holds", result["verdict"]!.GetValue<string>());
    }
}
