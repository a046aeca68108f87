using System.Runtime.CompilerServices;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Walkers.Tracing;

/// <summary>A step as a walk records it, with no references, whose meaning depends on <see cref="Kind"/>; it is
/// packed into a <see cref="StepLog"/> and becomes a <see cref="WalkStep"/> only when a trace is read.</summary>
/// <remarks>What cannot be known later is captured now: what a pointer pointed into (a stack copy dies when its
/// function returns) and the offset helper's answer for the next address. Names, notes and targets are numbers
/// in the <see cref="StepLog"/> that holds the record. <see cref="A"/> is the pointer or the address, <see cref="B"/>
/// the value or the end, <see cref="C"/> the offset of next, the pages or the hole's depth.</remarks>
internal readonly struct StepRecord
{
    private const byte KindMask = 0x1f;
    private const byte FlagBit = 0x40;
    private const byte ValueBit = 0x80;

    private readonly byte kindAndFlags;

    /// <summary>A record; <c>flag</c> says for an increment that the loop goes on, for a check its answer;
    /// <c>hasValue</c> that a decision carries an entry value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public StepRecord(StepKind kind, int depth, int function, int helper, Level level, Decision decision,
        ulong a, ulong b = 0, ulong c = 0, int extra = StepLog.None, bool flag = false, bool hasValue = false)
        : this((byte)((byte)kind | (flag ? FlagBit : 0) | (hasValue ? ValueBit : 0)), (byte)depth, level, decision, function, helper, extra, a, b, c)
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private StepRecord(byte kindAndFlags, byte depth, Level level, Decision decision, int function, int helper, int extra, ulong a, ulong b, ulong c)
    {
        this.kindAndFlags = kindAndFlags;
        Depth = depth;
        Level = level;
        Decision = decision;
        Function = function;
        Helper = helper;
        Extra = extra;
        A = a;
        B = b;
        C = c;
    }

    /// <summary>A record as <see cref="StepLog"/> unpacks it.</summary>
    public static StepRecord Unpacked(byte kindAndFlags, byte depth, Level level, Decision decision, int function, int helper, int extra, ulong a, ulong b, ulong c) =>
        new(kindAndFlags, depth, level, decision, function, helper, extra, a, b, c);

    /// <summary>The kind with the two flags, as packed.</summary>
    public byte KindAndFlags => kindAndFlags;

    public StepKind Kind => (StepKind)(kindAndFlags & KindMask);

    public bool Flag => (kindAndFlags & FlagBit) != 0;

    public bool HasValue => (kindAndFlags & ValueBit) != 0;

    public byte Depth { get; }

    public Level Level { get; }

    public Decision Decision { get; }

    public int Function { get; }

    public int Helper { get; }

    /// <summary>The <see cref="Target"/> of a pointer step, or the note of a decision or a fault.</summary>
    public int Extra { get; }

    public ulong A { get; }

    public ulong B { get; }

    public ulong C { get; }

    /// <summary>The step this record stands for, at position <paramref name="index"/> of <paramref name="log"/>.</summary>
    public WalkStep ToStep(int index, StepLog log)
    {
        var function = log.Name(Function);
        var helper = log.Name(Helper);
        var pointer = new EntryPointer(Level, A, log.EntrySize);
        var into = log.Target(Extra, A);
        var value = new Entry(Level, B);
        return Kind switch
        {
            StepKind.Enter => new WalkStep(index, Depth, function, helper, null, null, null, new VirtualAddress(A), Decision.None) { End = new VirtualAddress(B) },
            StepKind.Spill => new WalkStep(index, Depth, function, helper, pointer, into, value, null, Decision.None, "spill"),
            StepKind.Load or StepKind.HelperLoad or StepKind.HardwareLoad => new WalkStep(index, Depth, function, helper, pointer, into, value, null, Decision.None) { IsLoad = true, IsOwnRead = Kind == StepKind.Load },
            StepKind.HelperStore => new WalkStep(index, Depth, function, helper, pointer, into, value, null, Decision.None),
            StepKind.Pointer => new WalkStep(index, Depth, function, helper, pointer, into, null, null, Decision.None),
            StepKind.Check => new WalkStep(index, Depth, function, helper, null, null, null, null, Decision.None, Flag ? "true" : "false"),
            StepKind.Next => new WalkStep(index, Depth, function, helper, null, null, null, new VirtualAddress(A), Decision.None),
            StepKind.Increment => new WalkStep(index, Depth, function, helper, pointer, into, null, null, Decision.None, Flag ? null : "loop ends")
            {
                OffsetOfNext = Flag ? new EntryPointer(Level, C, log.EntrySize) : null,
            },
            StepKind.Decide => new WalkStep(index, Depth, function, helper, null, null, HasValue ? value : null, null, Decision, log.Note(Extra)),
            StepKind.Found => new WalkStep(index, Depth, function, helper, null, null, null, new VirtualAddress(A), Decision.Pin) { Pfn = new Pfn(B), Pages = C },
            StepKind.Hole => new WalkStep(index, Depth, function, helper, null, null, null, new VirtualAddress(A), Decision.Hole) { End = new VirtualAddress(B), HoleDepth = (int)C },
            StepKind.Fault or StepKind.Budget => new WalkStep(index, Depth, function, helper, null, null, null, null, Decision.Fault, log.Note(Extra)),
            StepKind.OtherCpuStore => new WalkStep(index, 0, function, helper, pointer, into, value, null, Decision.None) { Cpu = (int)C },
            StepKind.OtherCpu => new WalkStep(index, 0, function, helper, null, null, null, null, Decision.None, log.Note(Extra)) { Cpu = (int)C, Held = Flag },
            _ => throw new System.Diagnostics.UnreachableException($"step kind {Kind}"),
        };
    }
}
