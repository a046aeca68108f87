using System.Globalization;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Cli.Rendering;

/// <summary>The rows of a <see cref="WalkPicture"/>, read off a walk's trace in order: consecutive steps on one slot
/// make one row, each page found and each hole, stop or fault a row of the pages column; after a <c>p++</c> that
/// leaves its table or copy (or misses <c>pXd_offset(parent, next)</c>), the slot the offset helper gives and the
/// slots the hardware reads for <c>next</c>, with its answer; after a wrong page, the hardware's walk of it.</summary>
internal sealed class PictureRows
{
    private readonly Func<VirtualAddress, Translation> translate;
    private readonly Func<VirtualAddress, WalkResult> hardwareWalk;
    private readonly Func<ulong, Target> describe;
    private readonly List<PictureRow> rows = [];
    private readonly HashSet<ulong> hardwareShown = [];
    private readonly Dictionary<(string Function, Level Level), (ulong Address, Target? Into, int Number)> lastPointer = [];
    private readonly Dictionary<string, VirtualAddress> lastNext = [];
    private readonly Dictionary<ulong, Target> seenAt = [];
    private Group? open;

    /// <param name="translate">The hardware's translation of one address.</param>
    /// <param name="hardwareWalk">The hardware walker traced over the one page at an address.</param>
    /// <param name="describe">What an address points into now (for a pointer no step has read).</param>
    public PictureRows(Func<VirtualAddress, Translation> translate, Func<VirtualAddress, WalkResult> hardwareWalk, Func<ulong, Target> describe)
    {
        this.translate = translate;
        this.hardwareWalk = hardwareWalk;
        this.describe = describe;
    }

    /// <summary>The first escaping or mismatching increment, and the first wrong page, for the picture's summary.</summary>
    public string? FirstEscape { get; private set; }

    public string? FirstWrong { get; private set; }

    public int WrongPages { get; private set; }

    /// <summary>Each <c>p++</c> that left a stack copy or landed on one: its number and helper, from where, to where.</summary>
    public List<(int Number, string Helper, ulong From, ulong To)> StackMoves { get; } = [];

    public IReadOnlyList<PictureRow> Read(WalkTrace trace)
    {
        foreach (var step in trace.Steps)
            Add(step);
        Close();
        return rows;
    }

    /// <summary>Consecutive steps on one slot, drawn as one row.</summary>
    private sealed class Group(WalkStep first, PictureColumn column, RowStyle style)
    {
        public WalkStep First { get; } = first;
        public WalkStep Last { get; set; } = first;
        public WalkStep Named { get; set; } = first;
        public PictureColumn Column { get; } = column;
        public RowStyle Style { get; } = style;
        public Entry? Value { get; set; }
        public string? From { get; init; }
        public int? ComesFrom { get; init; }
        public List<PictureRow> After { get; } = [];
    }

    private void Add(WalkStep step)
    {
        if (step.Helper.EndsWith("_addr_end", StringComparison.Ordinal) && step.Address is { } next)
            lastNext[step.Function] = next;
        if (step.Pointer is { } p && step.Into is { } into)
        {
            if (step.Helper.EndsWith("++", StringComparison.Ordinal))
            {
                // The dead increment of a loop's last pass is never followed.
                if (step.OffsetOfNext is not null)
                    Increment(step, p, into);
            }
            else
                Touch(step, p, into);
            // The loop's own pointer: what an offset helper returned, an increment, the walker's load through it; a
            // spill is the address of a copy and a helper's load reads its argument, neither is the pointer.
            if (step.Note != "spill" && !step.Helper.StartsWith('*'))
                lastPointer[(step.Function, p.Level)] = (p.Address, into, step.Number);
            seenAt[p.Address] = into;
            return;
        }
        if (step.Decision == Decision.Pin && step.Pfn is { } pfn)
            Found(step, step.Address!.Value, pfn);
        else if (step.HoleDepth is { } depth)
            Result(step, $"hole [{step.Address}, {EndText(step.End!.Value)})", $"depth {depth}{(step.Note is null ? "" : ", " + step.Note)}", RowStyle.Quiet);
        else if (step.Decision == Decision.Stop)
            Result(step, "stop: gup_fast gives up here", $"{step.Value}{(step.Note is null ? "" : " " + step.Note)}".Trim(), RowStyle.Quiet);
        else if (step.Decision == Decision.Fault)
            Result(step, "fault", step.Note ?? "", RowStyle.PageWrong);
    }

    private void Touch(WalkStep step, EntryPointer p, Target into)
    {
        if (open is null || open.Last.Pointer?.Address != p.Address)
        {
            Close();
            open = new Group(step, ColumnOf(into), StyleOf(into));
        }
        open.Last = step;
        if (Rank(step) >= Rank(open.Named))
            open.Named = step;
        if (step.Value is { } v)
            open.Value = IsHardwareLoad(step) && into is Target.TableSlot t ? new Entry(t.Table.Level, v.Raw) : v;
    }

    /// <summary><c>p++</c> that goes on: its own row, from the pointer's last value; when it leaves its table or copy,
    /// or is not <c>pXd_offset(parent, next)</c>, the offset helper's slot and the hardware's walk of next follow.</summary>
    private void Increment(WalkStep step, EntryPointer p, Target into)
    {
        Close();
        var before = lastPointer.TryGetValue((step.Function, p.Level), out var b) ? b : default;
        var leaves = into is not Target.TableSlot landed || before.Into is not Target.TableSlot was || was.Table.Id != landed.Table.Id;
        var expected = step.OffsetOfNext!.Value;
        var misses = expected.Address != p.Address;
        var wrong = leaves || misses;
        open = new Group(step, ColumnOf(into), wrong ? RowStyle.Escape : StyleOf(into))
        {
            From = before.Into is null ? null : $"{Hex(p.Address)} = {Hex(before.Address)} {Signed(p.Address, before.Address, " ")}",
            ComesFrom = before.Into is null ? null : before.Number,
        };
        if (!wrong)
            return;
        if (before.Into is not null && (ColumnOf(before.Into).Key == PictureColumn.StackKey || ColumnOf(into).Key == PictureColumn.StackKey))
            StackMoves.Add((step.Number, step.Helper, before.Address, p.Address));
        var level = p.Level.Name();
        var offset = p.Level == Level.Pgd ? "pgd_offset(mm, next)" : $"{level}_offset({p.Level.Parent().Name()}p, next)";
        var nextText = lastNext.TryGetValue(step.Function, out var n) ? n.ToString() : "next";
        FirstEscape ??= $"step {step.Number}: {step.Helper} in {step.Function} {(leaves ? "leaves its " + WhatOf(before.Into) : "stays in its table")}, lands on {into} ({Signed(p.Address, before.Address)}); {offset} gives {Hex(expected.Address)}";
        if (misses)
        {
            var target = seenAt.TryGetValue(expected.Address, out var t) ? t : describe(expected.Address);
            open.After.Add(new PictureRow($"{offset.Replace("next", nextText, StringComparison.Ordinal)}", ColumnOf(target), SlotText(target, null), Hex(expected.Address), RowStyle.Expected, false));
        }
        if (n is { } at)
            open.After.AddRange(HardwareRows(at));
    }

    private void Found(WalkStep step, VirtualAddress va, Pfn pfn)
    {
        Close();
        var pages = Math.Max(1UL, step.Pages);
        VirtualAddress? wrongVa = null;
        Translation wrongAnswer = default;
        ulong wrongCount = 0;
        for (ulong i = 0; i < pages; i++)
        {
            var page = va + (i << 12);
            var answer = translate(page);
            if (answer.Pfn == pfn + i)
                continue;
            wrongCount++;
            if (wrongVa is null)
                (wrongVa, wrongAnswer) = (page, answer);
        }
        var first = $"{va} -> {pfn}{(pages > 1 ? $" (+{pages - 1} pages)" : "")}";
        if (wrongVa is not { } bad)
        {
            rows.Add(new PictureRow(Label(step, step), PictureColumn.Pages, first, $"hardware: {translate(va)}", RowStyle.PageRight, true) { Steps = (step.Number, step.Number) });
            return;
        }
        WrongPages += (int)Math.Min(wrongCount, int.MaxValue);
        var second = pages > 1 ? $"WRONG at {bad}: hardware {wrongAnswer} ({wrongCount} pages wrong)" : $"WRONG: hardware {wrongAnswer}";
        FirstWrong ??= $"{bad}: the walker has {pfn + (bad.Value - va.Value >> 12)}, the hardware gives {wrongAnswer}";
        rows.Add(new PictureRow(Label(step, step), PictureColumn.Pages, first, second, RowStyle.PageWrong, true) { Steps = (step.Number, step.Number) });
        // The hardware's walk once, for the first wrong page; the next ones name its answer in their own row.
        if (WrongPages == (int)Math.Min(wrongCount, int.MaxValue))
            rows.AddRange(HardwareRows(bad));
    }

    private void Result(WalkStep step, string line1, string line2, RowStyle style)
    {
        Close();
        rows.Add(new PictureRow(Label(step, step), PictureColumn.Pages, line1, line2, style, true) { Steps = (step.Number, step.Number) });
    }

    /// <summary>The slots the hardware reads for <paramref name="va"/> and its answer, once per address.</summary>
    private IEnumerable<PictureRow> HardwareRows(VirtualAddress va)
    {
        if (!hardwareShown.Add(va.Value))
            yield break;
        var walk = hardwareWalk(va);
        var label = $"hardware for {va}";
        foreach (var load in walk.Trace.Steps.Where(s => s.IsLoad && s.Pointer is not null && s.Into is not null))
        {
            var value = IsHardwareLoad(load) && load.Into is Target.TableSlot t && load.Value is { } v ? new Entry(t.Table.Level, v.Raw) : load.Value;
            yield return new PictureRow(label, ColumnOf(load.Into!), SlotText(load.Into!, value), Hex(load.Pointer!.Value.Address), RowStyle.Hardware, false);
            label = "";
        }
        yield return new PictureRow(label, PictureColumn.Pages, $"hardware: {va}", $"gives {translate(va)}", RowStyle.Hardware, false);
    }

    private void Close()
    {
        if (open is not { } g)
            return;
        open = null;
        var into = g.First.Into!;
        var where = g.From ?? Hex(g.First.Pointer!.Value.Address);
        var (line1, line2) = into is Target.TableSlot
            ? (SlotText(into, g.Value), where)
            : (SlotText(into, null), g.Value is { } v ? $"{where}  {v}" : where);
        rows.Add(new PictureRow(Label(g.First, g.Last, g.Named), g.Column, line1, line2, g.Style, true) { Steps = (g.First.Number, g.Last.Number), ComesFrom = g.ComesFrom });
        rows.AddRange(g.After);
    }

    /// <summary>A load of the hardware's own walk (<see cref="Walkers.WalkContext.Translate"/> names it "s390 load"): its
    /// pointer's level says nothing, the table it reads does.</summary>
    private static bool IsHardwareLoad(WalkStep step) => step.IsLoad && step.Helper.EndsWith(" load", StringComparison.Ordinal);

    /// <summary>Which step names a row: an increment, then the walker's own load, then an offset, a spill, a helper's load.</summary>
    private static int Rank(WalkStep step) =>
        step.Helper.EndsWith("++", StringComparison.Ordinal) ? 5
        : step.IsLoad && !step.Helper.StartsWith('*') ? 4
        : step.Value is null ? 3
        : step.Note == "spill" ? 2
        : 1;

    private static string Label(WalkStep first, WalkStep last, WalkStep? named = null)
    {
        var numbers = first.Number == last.Number
            ? first.Number.ToString(CultureInfo.InvariantCulture)
            : FormattableString.Invariant($"{first.Number}-{last.Number}");
        var n = named ?? last;
        return $"{numbers} {(n.Note == "spill" ? "spill " + n.Helper : n.Helper)}";
    }

    public static PictureColumn ColumnOf(Target into) => into switch
    {
        Target.TableSlot t => new PictureColumn($"table {t.Table.Id}", $"{t.Table.Name} #{t.Table.Id}", $"at {Hex(t.Table.Address)}, {t.Table.Entries} entries"),
        Target.StackCopySlot or Target.StackPadding or Target.StackRedZone => PictureColumn.Stack,
        _ => PictureColumn.Other,
    };

    private static RowStyle StyleOf(Target into) => into switch
    {
        Target.TableSlot => RowStyle.Table,
        Target.StackCopySlot => RowStyle.StackCopy,
        _ => RowStyle.Stray,
    };

    /// <summary>A slot as its box's first line: <c>[2047] pmd 0x…</c>, or which copy it is.</summary>
    public static string SlotText(Target into, Entry? value) => into switch
    {
        Target.TableSlot t => value is { } v ? $"[{t.Index}] {v}" : $"[{t.Index}]",
        Target.StackCopySlot c => $"{c.Copy.Value.Level.Name()} copy in {c.Copy.Owner}",
        _ => into.ToString()!,
    };

    private static string WhatOf(Target? into) => into switch
    {
        Target.TableSlot t => $"table, {t.Table.Name} #{t.Table.Id}",
        Target.StackCopySlot c => c.ToString(),
        null => "pointer",
        _ => into.ToString()!,
    };

    /// <summary>How far a pointer moved: <c>+8</c>, or with a <paramref name="space"/> after the sign.</summary>
    private static string Signed(ulong to, ulong from, string space = "") => to >= from
        ? FormattableString.Invariant($"+{space}{to - from}")
        : FormattableString.Invariant($"-{space}{from - to}");

    private static string EndText(VirtualAddress end) => end.Value == 0 ? "top" : end.ToString();

    public static string Hex(ulong address) => address.ToString("x16", CultureInfo.InvariantCulture);
}
