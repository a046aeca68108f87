using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
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
    private readonly StepList? steps;
    private readonly List<PageRun> pages = [];
    private readonly List<Hole> holes = [];
    private readonly Stack<string> functions = new();
    private readonly ulong stackMark;
    private int budget;
    private long extraLoads;
    private VirtualAddress runVa;
    private Pfn runPfn;
    private ulong runPages;
    private Cpu? shadow;
    private Cpu? hardware;
    private bool holeOpen;
    private VirtualAddress holeStart;
    private VirtualAddress holeEnd;
    private int holeDepth;
    private WalkFault? fault;

    public WalkContext(AddressSpace mm, WalkOptions options)
    {
        Mm = mm;
        Options = options;
        Cpu = new Cpu(mm.Memory, record: options.Trace);
        steps = options.Trace ? new StepList() : null;
        budget = options.StepBudget;
        mm.Memory.Stack.Layout = options.StackLayout;
        stackMark = mm.Memory.Stack.Pointer;
    }

    public AddressSpace Mm { get; }

    public IArchitecture Arch => Mm.Arch;

    public WalkOptions Options { get; }

    public Cpu Cpu { get; }

    /// <summary>True once a fault or the step budget has ended the walk.</summary>
    public bool Stopped => fault is not null;

    private string Function => functions.Count > 0 ? functions.Peek() : "";

    private int Depth => Math.Max(0, functions.Count - 1);

    /// <summary>Enters a walker function (<c>gup_pud_range</c>): a step at the caller's depth, then deeper.</summary>
    public void Enter(string function, VirtualAddress addr, VirtualAddress end)
    {
        functions.Push(function);
        if (steps is not null)
            Add(new WalkStep(steps.Count, Depth, function, function, null, null, null, addr, Decision.None) { End = end });
    }

    public void Leave() => functions.Pop();

    /// <summary>A stack pointer to return to when a function's copies die.</summary>
    public ulong StackMark => Mm.Memory.Stack.Pointer;

    public void PopTo(ulong mark) => Mm.Memory.Stack.PopTo(mark);

    /// <summary>The current function spills <paramref name="value"/> to its stack frame because its address is taken.</summary>
    public StackCopy Spill(Entry value, string name)
    {
        var copy = Mm.Memory.Stack.Push(value, Function);
        if (steps is not null)
            Add(new WalkStep(steps.Count, Depth + 1, Function, name, copy.Address, new Target.StackCopySlot(copy), value, null, Decision.None, "spill"));
        return copy;
    }

    /// <summary><c>READ_ONCE(*p)</c> by the walker itself.</summary>
    public Entry Load(EntryPointer p, string helper)
    {
        var value = Cpu.Load(p);
        if (steps is not null)
        {
            Add(new WalkStep(steps.Count, Depth + 1, Function, helper, p, Cpu.Accesses[^1].Into, value, null, Decision.None) { IsLoad = true });
            Cpu.ForgetAccesses();
        }
        CheckFault();
        return value;
    }

    /// <summary>The pointer an offset helper just computed: traces the loads it made and the result.</summary>
    public EntryPointer Pointer(string helper, EntryPointer p)
    {
        HelperLoads(helper);
        if (steps is not null)
            Add(new WalkStep(steps.Count, Depth + 1, Function, helper, p, Mm.Memory.Describe(p.Address), null, null, Decision.None));
        CheckFault();
        return p;
    }

    /// <summary>The answer of a predicate that read through a pointer itself (<c>pud_none(*pud)</c>): traces its loads.</summary>
    public bool Check(string helper, bool answer)
    {
        HelperLoads(helper);
        if (steps is not null)
            Add(new WalkStep(steps.Count, Depth + 1, Function, helper, null, null, null, null, Decision.None, answer ? "true" : "false"));
        CheckFault();
        return answer;
    }

    /// <summary>An addr_end helper's answer.</summary>
    public VirtualAddress Next(string helper, VirtualAddress next)
    {
        if (steps is not null)
            Add(new WalkStep(steps.Count, Depth + 1, Function, helper, null, null, null, next, Decision.None));
        return next;
    }

    /// <summary>One loop iteration; false when the budget is spent (the walk then stops with a fault).</summary>
    public bool Tick()
    {
        if (--budget >= 0)
            return true;
        fault ??= new WalkFault(WalkFaultKind.StepBudget, null, steps?.Count ?? 0);
        if (steps is not null)
            Add(new WalkStep(steps.Count, Depth + 1, Function, "step budget", null, null, null, null, Decision.Fault));
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
            Add(new WalkStep(steps.Count, Depth + 1, Function, IncrementNames[p.Level], after, Mm.Memory.Describe(after.Address), null, null, Decision.None,
                continues ? null : "loop ends")
            {
                OffsetOfNext = continues ? offset.Apply(shadow ??= new Cpu(Mm.Memory), Mm, next) : null,
            });
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
        foreach (var a in cpu.Accesses)
            Add(new WalkStep(steps!.Count, Depth + 1, Function, $"{Mm.Arch.Name} load", a.Pointer, a.Into, a.Value, null, Decision.None) { IsLoad = true });
        return translation;
    }

    /// <summary>A decision at the current function: descend, leaf, hole, stop.</summary>
    public void Decide(string helper, Decision decision, Entry? value = null, VirtualAddress? address = null, string? note = null)
    {
        if (steps is not null)
            Add(new WalkStep(steps.Count, Depth + 1, Function, helper, null, null, value, address, decision, note));
    }

    /// <summary>Pages found or pinned; consecutive ones join the pending run.</summary>
    public void Found(string helper, VirtualAddress va, Pfn pfn, ulong count)
    {
        if (runPages > 0 && runVa + (runPages << 12) == va && runPfn + runPages == pfn)
            runPages += count;
        else
        {
            FlushRun();
            (runVa, runPfn, runPages) = (va, pfn, count);
        }
        if (steps is not null)
            Add(new WalkStep(steps.Count, Depth + 1, Function, helper, null, null, null, va, Decision.Pin) { Pfn = pfn, Pages = count });
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
        if (steps is not null)
            Add(new WalkStep(steps.Count, Depth + 1, Function, "pte_hole", null, null, null, start, Decision.Hole) { End = end, HoleDepth = depth });
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
        return new WalkResult(walker, range, pages, holes, fault, Cpu.Loads + extraLoads, steps is null ? WalkTrace.Empty : new WalkTrace(steps));
    }

    private void HelperLoads(string helper)
    {
        if (steps is null)
            return;
        foreach (var a in Cpu.Accesses)
        {
            Add(new WalkStep(steps.Count, Depth + 2, Function, HelperLoadName(a.Pointer.Level, helper), a.Pointer, a.Into, a.Value, null, Decision.None) { IsLoad = !a.IsStore });
        }
        Cpu.ForgetAccesses();
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Level, string), string> HelperLoadNames = new();

    /// <summary><c>*pudp in pmd_offset(&amp;pud)</c>, made once per (level, helper).</summary>
    private static string HelperLoadName(Level level, string helper) =>
        HelperLoadNames.GetOrAdd((level, helper), key => $"*{key.Item1.Name()}p in {key.Item2}");

    private void CheckFault()
    {
        if (fault is not null || Cpu.Fault is null)
            return;
        fault = new WalkFault(WalkFaultKind.Memory, Cpu.Fault, steps?.Count ?? 0);
        if (steps is not null)
            Add(new WalkStep(steps.Count, Depth + 1, Function, "fault", null, null, null, null, Decision.Fault, Cpu.Fault.ToString()));
    }

    private void Add(in WalkStep step) => steps!.Add(step);
}
