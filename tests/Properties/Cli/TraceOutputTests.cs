using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PgtableInvariants.Properties.Cli;

/// <summary><c>trace</c> never hangs and never cuts silently: pages and holes are runs, every wrong page is shown,
/// the counts add up to the range, and the exit status says whether the walk agrees with the hardware.</summary>
public sealed class TraceOutputTests
{
    private static JsonObject Json(CliRun run) => JsonNode.Parse(run.Output)!.AsObject();

    private static ulong Summary(JsonObject json, string field) => json["summary"]![field]!.GetValue<ulong>();

    [Fact]
    public void The_whole_space_of_s390_5level_is_walked_by_pagewalk_in_a_few_runs()
    {
        var run = CliRun.Of("trace", "--model", "s390/5level", "--walker", "pagewalk/v6.12", "--start", "0", "--end", "0", "--map", "0x80000000:2G", "--json");
        var json = Json(run);
        Assert.Equal(1UL << 52, Summary(json, "pages"));
        Assert.True(json["runs"]!.AsArray().Count <= 3, json["runs"]!.ToJsonString());
        Assert.Equal(Summary(json, "pages"), new[] { "asHardware", "wrong", "missed", "leftToSlowGup", "hole" }.Aggregate(0UL, (n, f) => n + Summary(json, f)));
    }

    [Theory]
    [InlineData("gup-slow")]
    [InlineData("hardware")]
    public void A_page_by_page_walker_over_4_GiB_is_refused_with_one_line(string walker)
    {
        var run = CliRun.Of("trace", "--model", "x86-64/4level", "--walker", walker, "--start", "0", "--end", "0x100000000");
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains("has 1048576 pages, more than the 16384 (64 MiB)", line, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact] // The hardware walk: slow gup's bound is the same. The text, not the JSON: 16384 traced pages are 98,000 trace
           // lines, 23 MB of JSON steps, and the runs and counts are the same in both.
    public void A_page_by_page_walker_up_to_the_bound_runs_and_lists_its_pages_as_runs()
    {
        var run = CliRun.Of("trace", "--model", "x86-64/4level", "--walker", "hardware", "--start", "0", "--end", "0x4000000", "--map", "0x200000:2M");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\n16384 pages: 512 as hardware, 15872 hole\n", run.Output, StringComparison.Ordinal);
        var runs = run.OutputLines.Where(l => l.StartsWith("│ 0x", StringComparison.Ordinal)).Select(l => l.Split('│').Select(c => c.Trim()).ToArray());
        Assert.Equal([("0x0..0x200000", "512", "hole"), ("0x200000..0x400000", "512", "as hardware"), ("0x400000..0x4000000", "15360", "hole")],
            runs.Select(c => (c[1], c[2], c[5])));
    }

    [Fact] // the s390 bug over a long range: each page past 0x80000000 is pinned from 2 GiB lower, thousands of them
    public void Every_wrongly_pinned_page_is_shown_however_many()
    {
        const ulong wrong = 5000;
        var end = 0x8000_0000UL + (wrong << 12);
        var args = new[] { "trace", "--model", "s390/3level", "--walker", "gup-fast/v5.8", "--start", "0x7ffff000", "--end", $"0x{end:x}", "--map", "0x0:2G" };
        var json = Json(CliRun.Of([.. args, "--json"]));
        Assert.Equal(wrong, Summary(json, "wrong"));
        var runs = json["runs"]!.AsArray();
        Assert.Equal(wrong, runs.Where(r => r!["verdict"]!.GetValue<string>() == "wrong page").Aggregate(0UL, (n, r) => n + r!["pages"]!.GetValue<ulong>()));

        var text = CliRun.Of(args);
        Assert.Equal(1, text.ExitCode);
        Assert.Matches(@$"0x80000000\.\.0x{end:x}\s+│\s+{wrong}\s+│\s+pfn 0x0\.\.\s+│\s+PGM \(0x3b\)\s+│\s+wrong page", text.Output);
        Assert.Contains($"{wrong + 1} pages: 1 as hardware, {wrong} wrong pages\n", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_walk_that_agrees_with_the_hardware_exits_0_and_says_so()
    {
        var run = CliRun.Of("trace", "--model", "s390/3level", "--walker", "gup-fast/v5.9", "--start", "0x7ffff000", "--end", "0x80001000", "--map", "0x7ffff000", "--map", "0x80000000");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("2 pages: 2 as hardware", run.Output, StringComparison.Ordinal);
        Assert.Contains("the walk agrees with the hardware", run.Output, StringComparison.Ordinal);
    }

    [Fact] // gup_fast owes a prefix only: past a hole it may leave mapped pages to slow gup, and that is no disagreement
    public void Gup_fast_stopping_at_a_hole_leaves_the_rest_to_slow_gup()
    {
        var run = CliRun.Of("trace", "--model", "x86-64/4level", "--walker", "gup-fast/v6.12", "--start", "0x1000", "--end", "0x4000", "--map", "0x1000", "--map", "0x3000", "--json");
        var json = Json(run);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1UL, Summary(json, "asHardware"));
        Assert.Equal(1UL, Summary(json, "hole"));
        Assert.Equal(1UL, Summary(json, "leftToSlowGup"));
    }

    [Fact] // 5.8's get_user_pages_fast takes read-only pages only through slow gup: with every page accessible, that is a missed page
    public void A_read_only_counterexample_of_gup_fast_complete_replays_as_a_missed_page()
    {
        var run = CliRun.Of("trace", "--model", "x86-64/4level", "--walker", "gup-fast/v5.8", "--start", "0x0", "--end", "0x1000", "--map", "0x0:4K:r-xp", "--json");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(1UL, Summary(Json(run), "missed"));
        var readWrite = CliRun.Of("trace", "--model", "x86-64/4level", "--walker", "gup-fast/v5.8", "--start", "0x0", "--end", "0x1000", "--map", "0x0:4K:rw-p");
        Assert.Equal(0, readWrite.ExitCode);
    }

    [Fact]
    public void Maps_are_printed_as_counterexamples_print_them()
    {
        var run = CliRun.Of("trace", "--model", "s390/3level", "--walker", "pagewalk", "--start", "0x0", "--end", "0x1000", "--map", "0x0=0x400:1M:r-xs");
        Assert.Contains("  map 0x0 1M pfn 0x400 r-xs\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_documents_the_exit_status_the_protections_and_the_reserved_frames()
    {
        var run = CliRun.Of("trace", "--help");
        foreach (var text in new[] { "Exit status: 0 when the walk agrees with the hardware, 1 when it disagrees", "VA[=PFN][:SIZE][:PROT]", "rw-p", "pfn 0xff00000000-0xffffffffff" })
            Assert.Contains(text, Regex.Replace(run.Output, @"\s+", " "), StringComparison.Ordinal);
    }
}
