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
/// <remarks>Loads a helper makes on its own (<c>pud_offset</c> re-reading <c>*p4dp</c>) are taken from the CPU's
/// access log and shown under the helper, so the trace holds every load in program order.</remarks>
internal sealed class WalkContext
{
    private readonly List<WalkStep>? steps;
    private readonly List<PageRun> pages = [];
    private readonly List<Hole> holes = [];
    private readonly Stack<string> functions = new();
    private readonly ulong stackMark;
    private int budget;
    private int seenAccesses;
    private long extraLoads;
    private WalkFault? fault;

    public WalkContext(AddressSpace mm, WalkOptions options)
    {
        Mm = mm;
        Options = options;
        Cpu = new Cpu(mm.Memory, record: options.Trace);
        steps = options.Trace ? [] : null;
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
            Add(new WalkStep(steps.Count, Depth, function, function, null, null, null, null, Decision.None, $"[{addr}, {(end.Value == 0 ? "top" : end.ToString())})"));
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
        seenAccesses = Cpu.Accesses.Count;
        if (steps is not null)
            Add(new WalkStep(steps.Count, Depth + 1, Function, helper, p, Cpu.Accesses[^1].Into, value, null, Decision.None) { IsLoad = true });
        CheckFault();
        return value;
    }

    /// <summary>Runs a helper that computes a pointer (an offset helper), tracing the loads it made and the result.</summary>
    public EntryPointer Pointer(string helper, Func<EntryPointer> compute)
    {
        var p = compute();
        HelperLoads(helper);
        if (steps is not null)
            Add(new WalkStep(steps.Count, Depth + 1, Function, helper, p, Mm.Memory.Describe(p.Address), null, null, Decision.None));
        CheckFault();
        return p;
    }

    /// <summary>Runs a predicate that reads through a pointer itself (<c>pud_none(*pud)</c>), tracing its loads.</summary>
    public bool Check(string helper, Func<bool> predicate)
    {
        var answer = predicate();
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

    /// <summary><c>p++</c>. When the loop goes on (<paramref name="continues"/>), the step also records what
    /// <c>pXd_offset(parent, next)</c> gives, computed on a CPU of its own; the last increment of a loop is dead
    /// (<c>while (p++, addr = next, addr != end)</c>) and is only noted.</summary>
    public EntryPointer Increment(EntryPointer p, bool continues, Func<IMemory, EntryPointer> offsetOfNext)
    {
        var after = p;
        after++;
        if (steps is not null)
        {
            Add(new WalkStep(steps.Count, Depth + 1, Function, $"{p.Level.Name()}p++", after, Mm.Memory.Describe(after.Address), null, null, Decision.None,
                continues ? null : "loop ends")
            {
                OffsetOfNext = continues ? offsetOfNext(new Cpu(Mm.Memory)) : null,
            });
        }
        return after;
    }

    /// <summary>A hardware translation of <paramref name="va"/> on a CPU of its own (a failed table read ends only
    /// that translation); its loads join this walk's count and trace.</summary>
    public Translation Translate(IMmu mmu, VirtualAddress va, Access access)
    {
        var cpu = new Cpu(Mm.Memory, record: steps is not null);
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

    /// <summary>Pages found or pinned.</summary>
    public void Found(string helper, VirtualAddress va, Pfn pfn, ulong count)
    {
        if (pages.Count > 0 && pages[^1] is var last && last.Va + (last.Pages << 12) == va && last.Pfn + last.Pages == pfn)
            pages[^1] = last with { Pages = last.Pages + count };
        else
            pages.Add(new PageRun(va, pfn, count));
        if (steps is not null)
            Add(new WalkStep(steps.Count, Depth + 1, Function, helper, null, null, null, va, Decision.Pin, count == 1 ? pfn.ToString() : $"{pfn} (+{count - 1} pages)"));
    }

    /// <summary><c>pte_hole(start, end, depth)</c>.</summary>
    public void Hole(VirtualAddress start, VirtualAddress end, int depth)
    {
        holes.Add(new Results.Hole(start, end, depth));
        if (steps is not null)
            Add(new WalkStep(steps.Count, Depth + 1, Function, "pte_hole", null, null, null, start, Decision.Hole, $"to {(end.Value == 0 ? "top" : end.ToString())}, depth {depth}"));
    }

    /// <summary>Ends the walk and returns what it found; the stack copies die.</summary>
    public WalkResult Finish(string walker, WalkRange range)
    {
        PopTo(stackMark);
        return new WalkResult(walker, range, pages, holes, fault, Cpu.Loads + extraLoads, steps is null ? WalkTrace.Empty : new WalkTrace(steps));
    }

    private void HelperLoads(string helper)
    {
        var accesses = Cpu.Accesses;
        for (; seenAccesses < accesses.Count; seenAccesses++)
        {
            var a = accesses[seenAccesses];
            Add(new WalkStep(steps!.Count, Depth + 2, Function, $"*{a.Pointer.Level.Name()}p in {helper}", a.Pointer, a.Into, a.Value, null, Decision.None) { IsLoad = !a.IsStore });
        }
    }

    private void CheckFault()
    {
        if (fault is not null || Cpu.Fault is null)
            return;
        fault = new WalkFault(WalkFaultKind.Memory, Cpu.Fault, steps?.Count ?? 0);
        if (steps is not null)
            Add(new WalkStep(steps.Count, Depth + 1, Function, "fault", null, null, null, null, Decision.Fault, Cpu.Fault.ToString()));
    }

    private void Add(WalkStep step) => steps!.Add(step);
}
