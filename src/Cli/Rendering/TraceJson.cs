using System.Text.Json.Nodes;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Cli.Parsing;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Cli.Rendering;

/// <summary>A traced walk as JSON: model, walker, range, the pages as runs beside the hardware's frames with their
/// counts and the verdict, faults and every step.</summary>
public static class TraceJson
{
    public static JsonObject Render(string model, WalkResult walk, PageComparison pages) => new()
    {
        ["model"] = model,
        ["walker"] = walk.Walker,
        ["start"] = AddressText.Hex(walk.Range.Start.Value),
        ["end"] = AddressText.Hex(walk.Range.End.Value),
        ["disagrees"] = walk.Fault is not null || pages.Disagrees,
        ["comparedFor"] = pages.WalkAccess == Access.Write ? "write" : "read",
        ["summary"] = new JsonObject
        {
            ["pages"] = pages.Pages,
            ["asHardware"] = pages.Count(PageVerdict.AsHardware),
            ["wrong"] = pages.Count(PageVerdict.Wrong),
            ["missed"] = pages.Count(PageVerdict.Missed),
            ["leftToSlowGup"] = pages.Count(PageVerdict.LeftToSlowGup),
            ["hole"] = pages.Count(PageVerdict.Hole),
        },
        ["runs"] = new JsonArray([.. pages.Runs.Select(p => (JsonNode)new JsonObject
        {
            ["start"] = AddressText.Hex(p.Va.Value),
            ["end"] = AddressText.Hex(p.End.Value),
            ["pages"] = p.Pages,
            ["pfn"] = p.Pfn is { } pfn ? AddressText.Hex(pfn.Value) : null,
            ["expectedPfn"] = p.ExpectedPfn is { } e ? AddressText.Hex(e.Value) : null,
            ["hardwareFault"] = p.ExpectedFault?.ToString(),
            ["verdict"] = p.VerdictText,
        })]),
        ["faults"] = walk.Fault is { } f
            ? new JsonArray(new JsonObject
            {
                ["kind"] = f.Kind switch
                {
                    WalkFaultKind.StepBudget => "step-budget",
                    WalkFaultKind.Oops => "oops",
                    _ => f.Memory!.Kind.ToString(),
                },
                ["pointer"] = f.Memory is { } m ? AddressText.Hex(m.Address) : null,
                ["detail"] = f.Detail,
                ["step"] = f.Step,
            })
            : new JsonArray(),
        ["steps"] = walk.Trace.ToJson(),
    };
}
