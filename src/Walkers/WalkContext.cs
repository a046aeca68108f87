using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.OtherCpus;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Walkers;

/// <summary>The state of one walk: the CPU it loads through, the functions it is in, the stack copies it spilled,
/// its step budget, what it found and, when tracing, every step.</summary>
/// <remarks>Consecutive pages and consecutive holes of one depth are kept as one run each.
/// Loads a helper makes on its own (<c>pud_offset</c> re-reading <c>*p4dp</c>) are taken from the CPU's
/// access log and shown under the helper, so the trace holds every load in program order.</remarks>
internal sealed class WalkContext
{
    private readonly StepLog? steps;
    private readonly List<PageRun> pages = [];
    private readonly List<Hole> holes = [];
    private readonly Stack<string> functions = new(8);
    private int functionId;
    private int nesting;
    private readonly ulong stackMark;
    private int budget;
    private long extraLoads;
    private VirtualAddress runVa;
    private Pfn runPfn;
    private ulong runPages;
    private Cpu? shadow;
    private Cpu? hardware;
    private string? hardwareLoadName;
    private bool holeOpen;
    private VirtualAddress holeStart;
    private VirtualAddress holeEnd;
    private int holeDepth;
    private WalkFault? fault;

    public WalkContext(AddressSpace mm, WalkRange range, WalkOptions options)
    {
        PgtableInvariants.Arch.Guard.Argument(range.PageShift == mm.Arch.Geometry.PageShift, nameof(range),
            $"{range} counts pages of 2^{range.PageShift} bytes; {mm.Arch.Name} has PAGE_SHIFT {mm.Arch.Geometry.PageShift}");
        Mm = mm;
        Options = options;
        steps = options.Trace ? new StepLog(mm.Memory, tablesChange: options.OtherCpus is not null) : null;
        Cpu = new Cpu(mm.Memory, record: options.Trace) { Others = options.OtherCpus?.Start(mm, OtherCpuStep) };
        budget = options.StepBudget;
        mm.Memory.Stack.Layout = options.StackLayout;
        stackMark = mm.Memory.Stack.Pointer;
    }

    public AddressSpace Mm { get; }

    public IArchitecture Arch => Mm.Arch;

    /// <summary><c>PAGE_SIZE</c> of the configuration walked.</summary>
    public ulong PageSize => Mm.Arch.Geometry.PageSize;

    /// <summary>Number of <c>PAGE_SIZE</c> pages in <c>[addr, end)</c>, <paramref name="end"/> 0 meaning the top.</summary>
    public ulong PagesBetween(VirtualAddress addr, VirtualAddress end) => unchecked(end.Value - addr.Value) >> Mm.Arch.Geometry.PageShift;

    /// <summary>The frame of <paramref name="addr"/> inside a leaf of <paramref name="level"/> that maps from <paramref name="pfn"/>.</summary>
    public Pfn PfnWithin(Pfn pfn, Level level, VirtualAddress addr) =>
        pfn + ((addr.Value & ~Arch.Geometry[level].Mask) >> Arch.Geometry.PageShift);

    public WalkOptions Options { get; }

    public Cpu Cpu { get; }

    /// <summary>True once a fault or the step budget has ended the walk.</summary>
    public bool Stopped => fault is not null;

    private string Function => functions.Count > 0 ? functions.Peek() : "";

    /// <summary>Enters a walker function (<c>gup_pud_range</c>): a step at the caller's depth, then deeper.</summary>
    public void Enter(string function, VirtualAddress addr, VirtualAddress end)
    {
        functions.Push(function);
        nesting = functions.Count - 1;
        if (steps is null)
            return;
        functionId = steps.NameId(function);
        steps.Add(new StepRecord(StepKind.Enter, nesting, functionId, functionId, default, Decision.None, addr.Value, end.Value));
    }

    public void Leave()
    {
        functions.Pop();
        nesting = Math.Max(0, functions.Count - 1);
        if (steps is not null)
            functionId = steps.NameId(Function);
    }

    /// <summary>A stack pointer to return to when a function's copies die.</summary>
    public ulong StackMark => Mm.Memory.Stack.Pointer;

    public void PopTo(ulong mark) => Mm.Memory.Stack.PopTo(mark);

    /// <summary>The current function spills <paramref name="value"/> to its stack frame because its address is taken.</summary>
    public StackCopy Spill(Entry value, string name)
    {
        var copy = Mm.Memory.Stack.Push(value, Function);
        steps?.Add(new StepRecord(StepKind.Spill, nesting + 1, functionId, steps.NameId(name), value.Level, Decision.None, copy.Address.Address, value.Raw,
            extra: steps.TargetIdAt(copy.Address.Address)));
        return copy;
    }

    /// <summary>Another CPU's step, made just before the walker's next load or after the walk: traced in the other
    /// CPU's column.</summary>
    private void OtherCpuStep(OtherCpuEvent e)
    {
        if (steps is null)
            return;
        var (level, address, value, extra) = e.Step switch
        {
            OtherCpuStep.Store s => (s.Pointer.Level, s.Pointer.Address, s.Value.Raw, steps.TargetIdAt(s.Pointer.Address)),
            OtherCpuStep.FreeTable f => (f.Table.Level, f.Table.Address, 0UL, steps.NoteId(f.Table.ToString())),
            OtherCpuStep.ReuseTable r => (r.Table.Level, r.Table.Address, r.Word, steps.NoteId($"{r.Table} reused as {r.Use}")),
            OtherCpuStep.StoreHalf h => (h.Pointer.Level, h.Pointer.Address + (h.High ? 4UL : 0), (ulong)h.Value, steps.TargetIdAt(h.Pointer.Address)),
            OtherCpuStep.StoreMm m => (default(Level), 0UL, m.Value, steps.NoteId($"{(m.Field == MmField.Pgd ? "mm->pgd" : "mm->context.asce_limit")} = 0x{m.Value:x}")),
            OtherCpuStep.CheckReferences c => (default(Level), 0UL, 0UL, steps.NoteId(c.Referenced(Mm) is { } pinned
                ? $"{pinned} has a reference beyond its mapping: gives up, {c.GiveUp.Name} puts the {c.GiveUp.Pointer.Level.Name()} back"
                : "no page has a reference beyond its mapping")),
            _ => (default(Level), 0UL, 0UL, steps.NoteId(e.Held ? "held up: the walker's CPU has interrupts off" : e.Step.Waits ? "every CPU answered" : "waits for nobody")),
        };
        steps.Add(new StepRecord(e.Step is PgtableInvariants.Arch.OtherCpus.OtherCpuStep.Store or PgtableInvariants.Arch.OtherCpus.OtherCpuStep.StoreHalf ? StepKind.OtherCpuStore : StepKind.OtherCpu, 0, steps.NameId(e.Operation.Name),
            steps.NameId(e.Step.Name), level, Decision.None, address, value, (ulong)e.Cpu, extra, flag: e.Held));
    }

    /// <summary><c>READ_ONCE(*p)</c> by the walker itself.</summary>
    public Entry Load(EntryPointer p, string helper)
    {
        var value = Cpu.LoadUnrecorded(p);
        steps?.Add(new StepRecord(StepKind.Load, nesting + 1, functionId, steps.NameId(helper), p.Level, Decision.None, p.Address, value.Raw, extra: steps.TargetIdAt(p.Address)));
        CheckFault();
        return value;
    }

    /// <summary>The walker's read of a 64-bit entry that the CPU loads in two halves (x86 PAE), traced as the half loads it
    /// makes and the value it assembles: in <paramref name="lowHighLow"/> order, <c>gup_get_pte</c>'s and
    /// <c>ptep_get_lockless</c>'s (low, <c>smp_rmb</c>, high, <c>smp_rmb</c>, and again while the low half changed);
    /// otherwise high, then low, once.</summary>
    public Entry LoadHalves(EntryPointer p, string helper, bool lowHighLow)
    {
        uint low, high;
        if (lowHighLow)
        {
            do
            {
                low = Half(p, high: false);
                high = Half(p, high: true);
            }
            while (Half(p, high: false) != low && Cpu.Fault is null && Tick());
        }
        else
        {
            high = Half(p, high: true);
            low = Half(p, high: false);
        }
        var value = new Entry(p.Level, (ulong)high << 32 | low);
        steps?.Add(new StepRecord(StepKind.Load, nesting + 1, functionId, steps.NameId(helper), p.Level, Decision.None, p.Address, value.Raw, extra: steps.TargetIdAt(p.Address)));
        CheckFault();
        return value;
    }

    /// <summary><c>ptep-&gt;pte_low</c> or <c>ptep-&gt;pte_high</c>: one half of the entry at <paramref name="p"/>.</summary>
    private uint Half(EntryPointer p, bool high)
    {
        var half = Cpu.LoadHalf(p, high);
        var address = p.Address + (high ? 4UL : 0);
        steps?.Add(new StepRecord(StepKind.HelperLoad, nesting + 2, functionId, steps.NameId(high ? HalfNames[(int)p.Level].High : HalfNames[(int)p.Level].Low), p.Level,
            Decision.None, address, half, extra: steps.TargetIdAt(address)));
        return half;
    }

    /// <summary><c>ptep-&gt;pte_low</c> and <c>ptep-&gt;pte_high</c> of each level, by level.</summary>
    private static readonly (string Low, string High)[] HalfNames =
        [.. LevelExtensions.TopDown.Select(l => ($"{l.Name()}p->{l.Name()}_low", $"{l.Name()}p->{l.Name()}_high"))];

    /// <summary>The pointer an offset helper just computed: traces the loads it made and the result.</summary>
    public EntryPointer Pointer(string helper, EntryPointer p)
    {
        HelperLoads(helper);
        steps?.Add(new StepRecord(StepKind.Pointer, nesting + 1, functionId, steps.NameId(helper), p.Level, Decision.None, p.Address, extra: steps.TargetIdAt(p.Address)));
        CheckFault();
        return p;
    }

    /// <summary>The answer of a predicate that read through a pointer itself (<c>pud_none(*pud)</c>): traces its loads.</summary>
    public bool Check(string helper, bool answer)
    {
        HelperLoads(helper);
        steps?.Add(new StepRecord(StepKind.Check, nesting + 1, functionId, steps.NameId(helper), default, Decision.None, 0, flag: answer));
        CheckFault();
        return answer;
    }

    /// <summary>A helper called for what it does (<c>pmd_clear_bad</c>): traces the accesses it made.</summary>
    public void Effect(string helper)
    {
        HelperLoads(helper);
        CheckFault();
    }

    /// <summary>An addr_end helper's answer.</summary>
    public VirtualAddress Next(string helper, VirtualAddress next)
    {
        steps?.Add(new StepRecord(StepKind.Next, nesting + 1, functionId, steps.NameId(helper), default, Decision.None, next.Value));
        return next;
    }

    /// <summary>One loop iteration; false when the budget is spent (the walk then stops with a fault).</summary>
    public bool Tick()
    {
        if (--budget >= 0)
            return true;
        fault ??= new WalkFault(WalkFaultKind.StepBudget, null, StepNumberOfNext());
        steps?.Add(new StepRecord(StepKind.Budget, nesting + 1, functionId, steps.NameId("step budget"), default, Decision.Fault, 0));
        return false;
    }

    /// <summary><c>p++</c>. When tracing and the loop <paramref name="continues"/> with <paramref name="next"/>, the
    /// step also records what the offset helper gives for <c>next</c>, computed on a CPU of its own; the last
    /// increment of a loop is dead (<c>while (p++, addr = next, addr != end)</c>) and is only noted.</summary>
    public EntryPointer Increment(EntryPointer p, in NextOffset offset, VirtualAddress next, bool continues)
    {
        var after = p;
        after++;
        if (steps is not null)
        {
            var offsetOfNext = continues ? offset.Apply(shadow ??= new Cpu(Mm.Memory), Mm, next).Address : 0;
            steps.Add(new StepRecord(StepKind.Increment, nesting + 1, functionId, steps.NameId(IncrementNames[p.Level]), after.Level, Decision.None, after.Address, 0, offsetOfNext,
                steps.TargetIdAt(after.Address), flag: continues));
        }
        return after;
    }

    private static readonly HelperNames IncrementNames = HelperNames.Of(n => $"{n}p++");

    /// <summary>A hardware translation of <paramref name="va"/> on a CPU of its own (a failed table read ends only
    /// that translation); its loads join this walk's count and trace.</summary>
    public Translation Translate(IMmu mmu, VirtualAddress va, Access access)
    {
        var cpu = hardware ??= new Cpu(Mm.Memory, record: steps is not null);
        cpu.Reset();
        var translation = mmu.Translate(cpu, Mm, va, access);
        extraLoads += cpu.Loads;
        foreach (ref readonly var a in cpu.RecordedAccesses)
        {
            steps!.Add(new StepRecord(StepKind.HardwareLoad, nesting + 1, functionId, steps.NameId(hardwareLoadName ??= $"{Mm.Arch.Name} load"), a.Pointer.Level, Decision.None,
                a.Pointer.Address, a.Value.Raw, extra: steps.TargetId(a.Into)));
        }
        return translation;
    }

    /// <summary>A decision at the current function: descend, leaf, hole, stop.</summary>
    public void Decide(string helper, Decision decision, Entry? value = null, string? note = null)
    {
        steps?.Add(new StepRecord(StepKind.Decide, nesting + 1, functionId, steps.NameId(helper), value?.Level ?? default, decision, 0, value?.Raw ?? 0,
            extra: steps.NoteId(note), hasValue: value is not null));
    }

    /// <summary>Pages found or pinned; consecutive ones join the pending run.</summary>
    public void Found(string helper, VirtualAddress va, Pfn pfn, ulong count)
    {
        if (runPages > 0 && runVa + (runPages << Arch.Geometry.PageShift) == va && runPfn + runPages == pfn)
            runPages += count;
        else
        {
            FlushRun();
            (runVa, runPfn, runPages) = (va, pfn, count);
        }
        steps?.Add(new StepRecord(StepKind.Found, nesting + 1, functionId, steps.NameId(helper), default, Decision.Pin, va.Value, pfn.Value, count));
    }

    /// <summary><c>pte_hole(start, end, depth)</c>; a hole that continues the pending one at the same depth joins it.</summary>
    public void Hole(VirtualAddress start, VirtualAddress end, int depth)
    {
        if (holeOpen && holeEnd == start && holeDepth == depth)
            holeEnd = end;
        else
        {
            FlushHole();
            (holeOpen, holeStart, holeEnd, holeDepth) = (true, start, end, depth);
        }
        steps?.Add(new StepRecord(StepKind.Hole, nesting + 1, functionId, steps.NameId("pte_hole"), default, Decision.Hole, start.Value, end.Value, (ulong)depth));
    }

    private void FlushHole()
    {
        if (holeOpen)
            holes.Add(new Results.Hole(holeStart, holeEnd, holeDepth));
        holeOpen = false;
    }

    private void FlushRun()
    {
        if (runPages > 0)
            pages.Add(new PageRun(runVa, runPfn, runPages));
        runPages = 0;
    }

    /// <summary>Ends the walk and returns what it found; the stack copies die.</summary>
    public WalkResult Finish(string walker, WalkRange range)
    {
        FlushRun();
        FlushHole();
        PopTo(stackMark);
        Cpu.Others?.Complete();
        return new WalkResult(walker, range, pages, holes, fault, Cpu.Loads + extraLoads, steps is null ? WalkTrace.Empty : new WalkTrace(steps));
    }

    private void HelperLoads(string helper)
    {
        if (steps is null)
            return;
        foreach (ref readonly var a in Cpu.RecordedAccesses)
        {
            steps.Add(new StepRecord(a.IsStore ? StepKind.HelperStore : StepKind.HelperLoad, nesting + 2, functionId, steps.NameId(HelperLoadName(a.Pointer.Level, helper)), a.Pointer.Level,
                Decision.None, a.Pointer.Address, a.Value.Raw, extra: steps.TargetId(a.Into)));
        }
        Cpu.ForgetAccesses();
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Level, string), string> HelperLoadNames = new();

    /// <summary><c>*pudp in pmd_offset(&amp;pud)</c>, made once per (level, helper).</summary>
    private static string HelperLoadName(Level level, string helper) =>
        HelperLoadNames.GetOrAdd((level, helper), key => $"*{key.Item1.Name()}p in {key.Item2}");

    private void CheckFault()
    {
        if (Cpu.Fault is not null && fault is null)
            RecordFault();
    }

    private void RecordFault()
    {
        fault = new WalkFault(WalkFaultKind.Memory, Cpu.Fault, StepNumberOfNext());
        steps?.Add(new StepRecord(StepKind.Fault, nesting + 1, functionId, steps.NameId("fault"), default, Decision.Fault, 0, extra: steps.NoteId(Cpu.Fault!.ToString())));
    }

    /// <summary>The number the next recorded step will have (the fault's own step), or 0 when not tracing.</summary>
    private int StepNumberOfNext() => steps is null ? 0 : WalkStep.NumberOf(steps.Count);
}
