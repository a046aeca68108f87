using System.Text.Json.Nodes;

namespace PgtableInvariants.Properties.Cli;

/// <summary><c>check --shard K/N</c> and <c>check --merge</c>: the shards of a run, merged, are the unsharded run.</summary>
public sealed class ShardTests : IDisposable
{
    // Cells that hold, cells falsified at once (geometry) and later (the s390 gup_fast bug), on two models.
    private static readonly string[] Selection =
        ["check", "--model", "s390/3level", "--model", "x86-64/4level", "--invariant", "geometry", "--invariant", "gup-fast-prefix",
         "--invariant", "gup-fast-complete", "--max-tests", "60"];

    private readonly string directory = Directory.CreateTempSubdirectory("shards-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string[] Shards(int count, params string[] extra) =>
        [.. Enumerable.Range(1, count).Select(k => Save($"shard-{k}.json", CliRun.Of([.. Selection, "--json", "--shard", $"{k}/{count}", .. extra]).Output))];

    private string Save(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Three_shards_merged_give_the_unsharded_json_and_text()
    {
        var whole = CliRun.Of([.. Selection, "--json"]);
        var shards = Shards(3);
        var merged = CliRun.Of(["check", "--json", "--merge", shards[2], shards[0], shards[1]]);
        Assert.Equal(whole.ExitCode, merged.ExitCode);
        Assert.Equal(whole.Output, merged.Output);

        var wholeText = CliRun.Of(Selection);
        var mergedText = CliRun.Of(["check", "--merge", .. shards]);
        Assert.Equal(0, mergedText.ExitCode);
        Assert.Equal(wholeText.Output, mergedText.Output);
        Assert.Empty(mergedText.Error);
    }

    [Fact]
    public void Each_shard_evaluates_its_share_of_every_cells_cases()
    {
        var whole = JsonNode.Parse(CliRun.Of([.. Selection, "--json"]).Output)!["results"]!.AsArray();
        var shards = Shards(3).Select(p => JsonNode.Parse(File.ReadAllText(p))!).ToList();
        Assert.All(shards, s => Assert.Equal(whole.Count, s["results"]!.AsArray().Count));
        for (var i = 0; i < whole.Count; i++)
        {
            if (whole[i]!["verdict"]!.GetValue<string>() != "holds")
                continue;
            var counts = shards.Select(s => s["results"]![i]!["tests"]!.GetValue<int>()).ToList();
            Assert.Equal(whole[i]!["tests"]!.GetValue<int>(), counts.Sum());
            Assert.Equal([20, 20, 20], counts); // 60 cases interleaved over 3 shards
        }
        Assert.Equal(["1/3", "2/3", "3/3"], shards.Select(s => s["shard"]!.GetValue<string>()));
    }

    [Fact]
    public void A_merged_unexpected_verdict_keeps_exit_status_1()
    {
        // One case is too few to find this bug: the run, and the merge of its shards, are not as expected.
        string[] cell = ["check", "--invariant", "gup-fast-write", "--model", "s390/5level", "--walker", "gup-fast/v5.9", "--max-tests", "2"];
        var whole = CliRun.Of([.. cell, "--json"]);
        var shards = Enumerable.Range(1, 2).Select(k => Save($"w{k}.json", CliRun.Of([.. cell, "--json", "--shard", $"{k}/2"]).Output)).ToArray();
        var merged = CliRun.Of(["check", "--json", "--merge", .. shards]);
        Assert.Equal(1, whole.ExitCode);
        Assert.Equal(1, merged.ExitCode);
        Assert.Equal(whole.Output, merged.Output);
    }

    public static TheoryData<string, string> BadShards() => new()
    {
        { "0/3", "--shard '0/3' has K = 0: K must be from 1 to N (3)" },
        { "4/3", "--shard '4/3' has K = 4: K must be from 1 to N (3)" },
        { "1/0", "--shard '1/0' has N = 0: there must be at least one shard" },
        { "a/b", "--shard 'a/b' is not of the form K/N (two whole numbers, e.g. 2/4)" },
        { "1/3/4", "--shard '1/3/4' is not of the form K/N (two whole numbers, e.g. 2/4)" },
        { "", "--shard '' is not of the form K/N (two whole numbers, e.g. 2/4)" },
        { "-1/3", "--shard '-1/3' is not of the form K/N (two whole numbers, e.g. 2/4)" },
        { "١/٣", "--shard '١/٣' is not of the form K/N (two whole numbers, e.g. 2/4)" },
        { "1/99999999999", "--shard '1/99999999999' has a number above 2147483647" },
    };

    [Theory]
    [MemberData(nameof(BadShards))]
    public void A_bad_shard_is_refused_with_one_line_and_exit_2(string spec, string message)
    {
        var run = CliRun.Of("check", "--invariant", "geometry", "--shard", spec);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: {message}", Assert.Single(run.ErrorLines));
        Assert.Empty(run.Output);
    }

    [Fact]
    public void Bad_merge_inputs_are_refused_with_one_line_and_exit_2()
    {
        var shards = Shards(3);
        var other = Save("other.json", CliRun.Of([.. Selection[..^1], "30", "--json", "--shard", "1/3"]).Output);
        var four = Save("four.json", CliRun.Of([.. Selection, "--json", "--shard", "4/4"]).Output);
        var text = Save("text.json", "verdict matrix\n");
        var notCheck = Save("trace.json", "{\"model\": \"s390/3level\"}");
        var cases = new (string[] Args, string Message)[]
        {
            ([Path.Combine(directory, "missing.json"), shards[1]], $"--merge: cannot read '{Path.Combine(directory, "missing.json")}': no such file"),
            ([text, shards[1]], $"--merge: '{text}' is not the output of check --json"),
            ([notCheck, shards[1]], $"--merge: '{notCheck}' is not the output of check --json"),
            ([shards[0], other, shards[1], shards[2]], $"--merge: '{other}' was run with other options or another kernel tree than '{shards[0]}'"),
            ([shards[0], shards[0], shards[1], shards[2]], $"--merge: '{shards[0]}' and '{shards[0]}' are both shard 1/3"),
            ([shards[0], shards[2]], "--merge: shard 2/3 is missing"),
            ([shards[0], shards[1], shards[2], four], $"--merge: '{four}' is shard 4/4 but '{shards[0]}' is shard 1/3: not the same split"),
            ([directory], $"--merge: cannot read '{directory}'"),
        };
        foreach (var (args, message) in cases)
        {
            var run = CliRun.Of(["check", "--merge", .. args]);
            Assert.True(run.ExitCode == 2, $"{message}: exit {run.ExitCode}");
            Assert.StartsWith($"error: {message}", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
            Assert.Empty(run.Output);
        }
        var mixed = CliRun.Of(["check", "--model", "s390/3level", "--merge", .. shards]);
        Assert.Equal(2, mixed.ExitCode);
        Assert.Equal("error: --merge takes the options from the files it joins: leave out --model", Assert.Single(mixed.ErrorLines));
    }
}
