using System.Text.Json.Nodes;
using PgtableInvariants.Cli.Parsing;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Cli.Rendering;

/// <summary>A traced walk as JSON: model, walker, range, pages with the hardware's frame, faults and every step.</summary>
public static class TraceJson
{
    public static JsonObject Render(string model, WalkResult walk, IReadOnlyList<PageCheck> pages) => new()
    {
        ["model"] = model,
        ["walker"] = walk.Walker,
        ["start"] = AddressText.Hex(walk.Range.Start.Value),
        ["end"] = AddressText.Hex(walk.Range.End.Value),
        ["pages"] = new JsonArray([.. pages.Select(p => (JsonNode)new JsonObject
        {
            ["va"] = AddressText.Hex(p.Va.Value),
            ["pfn"] = p.Pfn is { } pfn ? AddressText.Hex(pfn.Value) : null,
            ["expectedPfn"] = p.ExpectedPfn is { } e ? AddressText.Hex(e.Value) : null,
        })]),
        ["faults"] = walk.Fault is { } f
            ? new JsonArray(new JsonObject
            {
                ["kind"] = f.Kind == WalkFaultKind.StepBudget ? "step-budget" : f.Memory!.Kind.ToString(),
                ["pointer"] = f.Memory is { } m ? AddressText.Hex(m.Address) : null,
                ["step"] = f.Step,
            })
            : new JsonArray(),
        ["steps"] = walk.Trace.ToJson(),
    };
}
