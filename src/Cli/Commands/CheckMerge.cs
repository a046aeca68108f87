using System.Text.Json;
using System.Text.Json.Nodes;
using PgtableInvariants.Cli.Rendering;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Reporting;
using PgtableInvariants.Invariants.Running;

namespace PgtableInvariants.Cli.Commands;

/// <summary><c>check --merge</c>: joins the <c>--json</c> documents of every shard of one run into the document the
/// unsharded run gives. Each shard ran every cell on its share of the cases, so the cells line up one to one.</summary>
/// <remarks>Per cell: falsified when a shard falsified it, with the report of the shard whose failing case comes
/// first (FsCheck's test number counts the cases of every shard), which is the case the unsharded run fails on and
/// shrinks; an error in any shard is an error (the kernel's code failed: no verdict); else the verdict of all, with
/// the shards' case counts added.</remarks>
public static class CheckMerge
{
    public static JsonObject Merge(IReadOnlyList<string> paths)
    {
        var shards = paths.Select(p => (Path: p, Document: Read(p))).ToList();
        var (firstPath, first) = shards[0];
        foreach (var (path, document) in shards.Skip(1))
        {
            if (!JsonNode.DeepEquals(document["options"], first["options"]) || !JsonNode.DeepEquals(document["kernel"], first["kernel"]))
                throw new BadInputException($"--merge: '{path}' was run with other options or another kernel tree than '{firstPath}'");
        }
        var parsed = shards.Select(s => (s.Path, Shard: ShardOf(s.Path, s.Document))).ToList();
        var count = parsed[0].Shard.Count;
        foreach (var (path, shard) in parsed)
            if (shard.Count != count)
                throw new BadInputException($"--merge: '{path}' is shard {shard} but '{parsed[0].Path}' is shard {parsed[0].Shard}: not the same split");
        foreach (var group in parsed.GroupBy(p => p.Shard.Index).Where(g => g.Count() > 1))
            throw new BadInputException($"--merge: '{group.First().Path}' and '{group.Skip(1).First().Path}' are both shard {group.First().Shard}");
        if (Enumerable.Range(1, count).FirstOrDefault(k => parsed.All(p => p.Shard.Index != k)) is var missing and > 0)
            throw new BadInputException($"--merge: shard {missing}/{count} is missing");

        var ordered = shards.OrderBy(s => ShardOf(s.Path, s.Document).Index).ToList();
        var cells = ordered.Select(s => s.Document["results"]!.AsArray().Select(c => c!.AsObject()).ToList()).ToList();
        if (cells.Any(c => c.Count != cells[0].Count))
            throw new BadInputException("--merge: the shards do not hold the same cells");
        var merged = Enumerable.Range(0, cells[0].Count).Select(i => MergeCell([.. cells.Select(c => c[i])])).ToList();
        return ResultJson.Check(first["kernel"]?.DeepClone(), first["options"]!.DeepClone().AsObject(), null, merged);
    }

    private static JsonObject Read(string path)
    {
        string text;
        if (Directory.Exists(path))
            throw new BadInputException($"--merge: cannot read '{path}': it is a directory");
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new BadInputException($"--merge: cannot read '{path}': {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message)}");
        }
        try
        {
            if (JsonNode.Parse(text) is JsonObject document && document["options"] is JsonObject && document["results"] is JsonArray
                && document.ContainsKey("shard"))
                return document;
        }
        catch (JsonException)
        {
        }
        throw new BadInputException($"--merge: '{path}' is not the output of check --json");
    }

    private static Shard ShardOf(string path, JsonObject document)
    {
        if (document["shard"] is null)
            return new Shard(1, 1); // a whole run is the only shard of a split in one
        if (document["shard"] is JsonValue value && value.TryGetValue<string>(out var text) && Shard.TryParse(text, out var shard, out _))
            return shard;
        throw new BadInputException($"--merge: '{path}' has no valid shard (K/N)");
    }

    private static JsonObject MergeCell(List<JsonObject> shards)
    {
        var first = shards[0];
        foreach (var key in new[] { "invariant", "model", "walker", "expected", "reason", "seed" })
            if (shards.Any(s => !JsonNode.DeepEquals(s[key], first[key])))
                throw new BadInputException($"--merge: the shards do not hold the same cells ({key} of {first["invariant"]} on {first["model"]})");
        var falsified = shards.Where(s => (string?)s["verdict"] == "falsified").OrderBy(s => (int)s["tests"]!).FirstOrDefault();
        var error = shards.FirstOrDefault(s => (string?)s["verdict"] == "error");
        if ((error ?? falsified) is { } decisive)
            return decisive.DeepClone().AsObject();
        var verdicts = shards.Select(s => (string?)s["verdict"]).Distinct().ToList();
        if (verdicts.Count != 1)
            throw new BadInputException($"--merge: the shards disagree on {first["invariant"]} on {first["model"]} ({string.Join(", ", verdicts)})");
        var cell = first.DeepClone().AsObject();
        cell["tests"] = shards.Sum(s => (int)s["tests"]!);
        if (cell["report"] is not null) // a cell that holds against the expectation: its report counts every shard's tests
            cell["report"] = CheckReport.Render(ResultOf(cell));
        return cell;
    }

    /// <summary>A cell without a counterexample back as a result, to render its report.</summary>
    private static CheckResult ResultOf(JsonObject cell)
    {
        Seed.TryParse((string)cell["seed"]!, out var seed);
        return new CheckResult((string)cell["invariant"]!, (string)cell["model"]!, (string?)cell["walker"],
            new Expectation(CheckText.VerdictOf(cell["expected"]), (string?)cell["reason"]), CheckText.VerdictOf(cell["verdict"]), (int)cell["tests"]!, seed,
            Violation: (string?)cell["violation"]);
    }
}
