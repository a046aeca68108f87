using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Walkers.Tracing;

/// <summary>The steps of one walk, in order, with a text rendering (one <see cref="WalkStep"/> per line) and a
/// structured JSON form.</summary>
public sealed class WalkTrace(IReadOnlyList<WalkStep> steps)
{
    /// <summary>A trace with no steps, for walks run with tracing off.</summary>
    public static WalkTrace Empty { get; } = new([]);

    public IReadOnlyList<WalkStep> Steps { get; } = steps;

    /// <summary>The first <c>p++</c> after which the loop goes on and which lands elsewhere than
    /// <c>pXd_offset(parent, next)</c>, if any: noted by the packed log as the walk adds it, so only that step is
    /// unpacked.</summary>
    public WalkStep? FirstStrayIncrement()
    {
        if (Steps is not StepLog log)
            return Steps.Where(s => s.OffsetOfNext is { } o && o.Address != s.Pointer!.Value.Address).Cast<WalkStep?>().FirstOrDefault();
        return log.FirstStrayIncrement < 0 ? null : log[log.FirstStrayIncrement];
    }

    /// <summary>The loads, the walker's own or inside a helper, of anything but a live table slot: stack copies, stack
    /// bytes, data pages, freed tables. Found in the packed records, unpacking only those loads.</summary>
    public IEnumerable<WalkStep> LoadsOutsideLiveTables()
    {
        if (Steps is not StepLog log)
        {
            foreach (var s in Steps.Where(s => s.IsLoad && s.Cpu == 0 && s.Into is not Target.TableSlot))
                yield return s;
            yield break;
        }
        var index = 0;
        foreach (var record in log.Records())
        {
            if (record.Kind is StepKind.Load or StepKind.HelperLoad && log.Target(record.Extra, record.A) is not Target.TableSlot)
                yield return log[index];
            index++;
        }
    }

    /// <summary>The steps of one kind of helper, e.g. every <c>pudp++</c>.</summary>
    public IEnumerable<WalkStep> OfHelper(string helper) => Steps.Where(s => s.Helper == helper);

    /// <summary>The text trace, one line per step, <c>\n</c>-terminated, each starting with the step's
    /// <see cref="WalkStep.Number"/> right-aligned to the widest number of the trace. When other CPUs took part, their
    /// steps stand in a second column, right of the widest line of the walker's, after a <c>|</c>.</summary>
    public string Render()
    {
        var width = Steps.Count == 0 ? 1 : Steps[^1].Number.ToString(CultureInfo.InvariantCulture).Length;
        var lines = Steps.Select(s => (s.Cpu, Number: s.Number.ToString(CultureInfo.InvariantCulture).PadLeft(width), Text: s.ToString())).ToList();
        var walkerWidth = lines.Where(l => l.Cpu == 0).Select(l => l.Text.Length).DefaultIfEmpty(0).Max();
        return string.Concat(lines.Select(l => l.Cpu == 0 ? $"{l.Number} {l.Text}\n" : $"{l.Number} {new string(' ', walkerWidth)} | {l.Text}\n"));
    }

    /// <summary>The steps as a JSON array of objects (addresses as <c>0x…</c> strings).</summary>
    public JsonArray ToJson()
    {
        var array = new JsonArray();
        foreach (var s in Steps)
        {
            var o = new JsonObject
            {
                ["step"] = s.Number,
                ["depth"] = s.Depth,
                ["function"] = s.Function,
                ["helper"] = s.Helper,
            };
            if (s.Cpu != 0)
                o["cpu"] = s.Cpu;
            if (s.Pointer is { } p)
            {
                o["level"] = p.Level.ToString().ToLowerInvariant();
                o["pointer"] = Hex(p.Address);
                o["into"] = s.Into?.ToString();
                o["intoKind"] = s.Into switch
                {
                    Target.TableSlot => "table",
                    Target.StackCopySlot => "stack-copy",
                    Target.StackPadding => "stack-padding",
                    Target.StackRedZone => "red-zone",
                    Target.DataFrame => "data-page",
                    Target.FreedTableSlot => "freed-table",
                    _ => "unmapped",
                };
            }
            if (s.Value is { } v)
                o["value"] = Hex(v.Raw);
            if (s.Address is { } a)
                o["address"] = Hex(a.Value);
            if (s.OffsetOfNext is { } n)
                o["offsetOfNext"] = Hex(n.Address);
            if (s.IsLoad)
                o["load"] = true;
            o["decision"] = s.Decision.ToString().ToLowerInvariant();
            if (s.Note is not null)
                o["note"] = s.Note;
            array.Add(o);
        }
        return array;
    }

    /// <summary>The JSON form as indented text.</summary>
    public string ToJsonString() => ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);
}
