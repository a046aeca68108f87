using System.Text.Json.Nodes;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Cli.Parsing;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Reporting;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.KernelOracle;

namespace PgtableInvariants.Cli.Rendering;

/// <summary>Check results as JSON: addresses and pfns as <c>0x…</c> strings.</summary>
public static class ResultJson
{
    /// <summary>The kernel tree the results ran on, or null for the models alone.</summary>
    public static JsonObject? Kernel(KernelCode? kernel) => kernel is null ? null : new JsonObject
    {
        ["tree"] = kernel.Tree.Directory,
        ["version"] = kernel.Tree.Version.ToString(),
        ["era"] = kernel.Tree.Era.Name,
        ["eraNote"] = kernel.Tree.EraNote,
        ["arch"] = kernel.Arch,
    };

    /// <summary>A run's document: the kernel tree, the options that chose the cells and cases, the shard (null for a
    /// whole run), the summary, and the cells in catalogue order. A merge of every shard is this same document.</summary>
    public static JsonObject Check(JsonNode? kernel, JsonObject options, Shard? shard, IEnumerable<JsonObject> cells)
    {
        var results = new JsonArray([.. cells]);
        return new JsonObject
        {
            ["kernel"] = kernel,
            ["options"] = options,
            ["shard"] = shard?.ToString(),
            ["summary"] = Summary(results),
            ["results"] = results,
        };
    }

    /// <summary>The options that decide which cells and cases run: a merge joins only results run with the same.</summary>
    public static JsonObject Options(string[] models, string[] walkers, string[] eras, string[] invariants, int maxTests, Seed? replay) => new()
    {
        ["models"] = Names(models),
        ["walkers"] = Names(walkers),
        ["eras"] = Names(eras),
        ["invariants"] = Names(invariants),
        ["maxTests"] = maxTests,
        ["replay"] = replay?.ToString(),
    };

    /// <summary>The counts of a run's cells; <c>tests</c> and <c>shrinks</c> are the sums of the cells'.</summary>
    public static JsonObject Summary(JsonArray results)
    {
        var cells = results.Select(r => r!.AsObject()).ToList();
        int Count(string verdict) => cells.Count(c => (string?)c["verdict"] == verdict);
        return new JsonObject
        {
            ["cells"] = cells.Count,
            ["asExpected"] = cells.Count(c => (bool)c["asExpected"]!),
            ["unexpected"] = cells.Count(c => !(bool)c["asExpected"]!),
            ["holds"] = Count(CheckReport.Words(Verdict.Holds)),
            ["falsified"] = Count(CheckReport.Words(Verdict.Falsified)),
            ["notApplicable"] = Count(CheckReport.Words(Verdict.NotApplicable)),
            ["errors"] = Count(CheckReport.Words(Verdict.Error)),
            ["tests"] = cells.Sum(c => (int)c["tests"]!),
            ["shrinks"] = cells.Sum(c => (int)c["shrinks"]!),
        };
    }

    /// <summary>One cell; <c>report</c> is the text <c>check</c> prints for a falsified or unexpected cell (null for
    /// the others), so a merge prints it without the case objects.</summary>
    public static JsonObject Cell(CheckResult r) => new()
    {
        ["invariant"] = r.Invariant,
        ["model"] = r.Model,
        ["walker"] = r.Walker,
        ["expected"] = CheckReport.Words(r.Expected.Verdict),
        ["reason"] = r.Expected.Reason,
        ["verdict"] = CheckReport.Words(r.Verdict),
        ["asExpected"] = r.AsExpected,
        ["tests"] = r.Tests,
        ["shrinks"] = r.Shrinks,
        ["shrinkAttemptsSpent"] = r.ShrinkAttemptsSpent,
        ["seed"] = r.Seed.ToString(),
        ["violation"] = r.Violation,
        ["counterexample"] = r.Counterexample is null ? null : WithReproduce(Counterexample(r.Counterexample), r),
        ["report"] = r.Verdict == Verdict.Falsified || !r.AsExpected ? CheckReport.Render(r) : null,
    };

    /// <summary>The command that shows the counterexample again, as <c>check</c> prints it.</summary>
    private static JsonObject WithReproduce(JsonObject counterexample, CheckResult r)
    {
        counterexample["reproduce"] = ReproduceCommand.For(r)?.ToString();
        return counterexample;
    }

    private static JsonArray Names(string[] names) => new([.. names.Select(n => (JsonNode)n)]);

    private static JsonObject WithRaws(JsonObject walk, HelperCase h)
    {
        walk["rawEntries"] = new JsonArray([.. h.Raws.Select(r => (JsonNode)AddressText.Hex(r))]);
        walk["text"] = h.ToString();
        return walk;
    }

    /// <summary>A walk case in full; the other cases with what they have (an address, a pair, an entry).</summary>
    private static JsonObject Counterexample(object c) => c switch
    {
        WalkCase w => new JsonObject
        {
            ["start"] = AddressText.Hex(w.Range.Start.Value),
            ["end"] = AddressText.Hex(w.Range.End.Value),
            ["mappings"] = new JsonArray([.. w.Mappings.Select(m => (JsonNode)new JsonObject
            {
                ["va"] = AddressText.Hex(m.Va.Value),
                ["pfn"] = AddressText.Hex(m.Pfn.Value),
                ["size"] = m.Size.ToString(),
                ["prot"] = VmFlagsText.Format(m.Flags),
            })]),
            ["stackLayout"] = w.LayoutName,
            ["write"] = w.Write,
            ["text"] = w.ToString(),
        },
        AddrEndCase a => new JsonObject
        {
            ["start"] = AddressText.Hex(a.Addr.Value),
            ["end"] = AddressText.Hex(a.End.Value),
            ["mappings"] = new JsonArray(),
            ["stackLayout"] = null,
            ["text"] = a.ToString(),
        },
        AddressCase a => new JsonObject
        {
            ["start"] = AddressText.Hex(a.Addr.Value),
            ["end"] = null,
            ["mappings"] = new JsonArray(),
            ["stackLayout"] = null,
            ["text"] = a.ToString(),
        },
        HelperCase h => WithRaws(Counterexample(h.Walk), h),
        _ => new JsonObject { ["text"] = c.ToString() },
    };
}
