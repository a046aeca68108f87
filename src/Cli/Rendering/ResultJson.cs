using System.Text.Json.Nodes;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Cli.Parsing;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Reporting;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.KernelOracle;

namespace PgtableInvariants.Cli.Rendering;

/// <summary>Check results as JSON: addresses and pfns as <c>0x…</c> strings.</summary>
public static class ResultJson
{
    /// <summary>The results; with <paramref name="kernel"/>, which tree's code they ran on.</summary>
    public static JsonObject Check(IEnumerable<CheckResult> results, KernelCode? kernel = null) => new()
    {
        ["kernel"] = kernel is null ? null : new JsonObject
        {
            ["tree"] = kernel.Tree.Directory,
            ["version"] = kernel.Tree.Version.ToString(),
            ["era"] = kernel.Tree.Era.Name,
            ["eraNote"] = kernel.Tree.EraNote,
            ["arch"] = kernel.Arch,
        },
        ["results"] = new JsonArray([.. results.Select(Result)]),
    };

    private static JsonObject Result(CheckResult r) => new()
    {
        ["invariant"] = r.Invariant,
        ["model"] = r.Model,
        ["walker"] = r.Walker,
        ["expected"] = CheckReport.Words(r.Expected.Verdict),
        ["reason"] = r.Expected.Reason,
        ["verdict"] = CheckReport.Words(r.Verdict),
        ["tests"] = r.Tests,
        ["seed"] = r.Seed.ToString(),
        ["violation"] = r.Violation,
        ["counterexample"] = r.Counterexample is null ? null : WithReproduce(Counterexample(r.Counterexample), r),
    };

    /// <summary>The command that shows the counterexample again, as <c>check</c> prints it.</summary>
    private static JsonObject WithReproduce(JsonObject counterexample, CheckResult r)
    {
        counterexample["reproduce"] = ReproduceCommand.For(r)?.ToString();
        return counterexample;
    }

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
