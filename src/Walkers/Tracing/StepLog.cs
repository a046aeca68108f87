using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Walkers.Tracing;

/// <summary>The steps of a walk as it records them, packed: a few bytes a step where a <see cref="WalkStep"/> takes
/// 184, with the names, notes and stack targets they refer to by number.</summary>
/// <remarks>A traced walk of 100k pages makes 300k–600k steps. Kept as they are made they would fill fresh memory
/// faster than the walk runs (page faults, collections); packed, they take 1–3 MB in 64 KiB chunks. A record that
/// repeats the previous one of its kind but for the same step in each field (the next pte: 8 bytes on, its value
/// 0x1000 more) is one byte; any other stores each field as the LEB128 of its zig-zagged difference from that
/// previous record. Every 64th record starts afresh, so step <c>i</c> is found by unpacking at most 63 records.
/// As a list it unpacks a <see cref="WalkStep"/> when asked: a trace nobody reads costs only its bytes. A table
/// slot is kept as its table's number (tables outlive the walk); a stack copy, which dies with its function, is
/// kept as itself.</remarks>
internal sealed class StepLog(MachineMemory memory) : IReadOnlyList<WalkStep>
{
    /// <summary>No target and no note.</summary>
    public const int None = int.MinValue;

    private const int ChunkShift = 16;
    private const int ChunkSize = 1 << ChunkShift;
    private const int MaxRecordBytes = 64;
    private const int CheckpointShift = 6;

    private readonly List<byte[]> chunks = [];
    private readonly List<int> checkpoints = [];
    private readonly Packing packing = new();
    private readonly List<string> names = [];
    private readonly Dictionary<string, int> nameIds = new(ReferenceEqualityComparer.Instance);
    private RecentNames recent;
    private readonly List<object> objects = [];
    private byte[] current = [];
    private int position = ChunkSize;

    public int Count { get; private set; }

    public WalkStep this[int index] => RecordAt(index).ToStep(index, this);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(in StepRecord record)
    {
        if (EndsChunk(position))
        {
            current = GC.AllocateUninitializedArray<byte>(ChunkSize);
            chunks.Add(current);
            position = 0;
        }
        if ((Count & ((1 << CheckpointShift) - 1)) == 0)
        {
            checkpoints.Add(((chunks.Count - 1) << ChunkShift) | position);
            packing.Reset();
        }
        position = packing.Write(current, position, record);
        Count++;
    }

    /// <summary>The number of <paramref name="name"/>; names are told apart by reference, as walkers make each once.
    /// The few names a loop cycles through are found among the last four without hashing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NameId(string name)
    {
        if (ReferenceEquals(name, recent.Name0))
            return recent.Id0;
        if (ReferenceEquals(name, recent.Name1))
            return recent.Id1;
        if (ReferenceEquals(name, recent.Name2))
            return recent.Id2;
        return ReferenceEquals(name, recent.Name3) ? recent.Id3 : NewNameId(name);
    }

    private int NewNameId(string name)
    {
        if (!nameIds.TryGetValue(name, out var id))
        {
            id = names.Count;
            names.Add(name);
            nameIds.Add(name, id);
        }
        recent = new RecentNames(name, id, recent.Name0, recent.Id0, recent.Name1, recent.Id1, recent.Name2, recent.Id2);
        return id;
    }

    /// <summary>The number of what a pointer points into: a table slot by its table's number, anything else kept.</summary>
    public int TargetId(Target target) => target is Target.TableSlot slot ? TableId(slot.Table) : Keep(target);

    /// <summary>The number of what <paramref name="address"/> points into now, as <see cref="MachineMemory.Describe"/> tells.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int TargetIdAt(ulong address) => memory.TableAt(address) is { } table ? TableId(table) : Keep(memory.Describe(address));

    private static int TableId(PageTable table) => -(table.Id + 1);

    /// <summary>The number of a note, or <see cref="None"/>.</summary>
    public int NoteId(string? note) => note is null ? None : Keep(note);

    public string Name(int id) => names[id];

    public Target? Target(int id, ulong address)
    {
        if (id == None)
            return null;
        if (id >= 0)
            return objects[id] as Target;
        var table = memory.Tables[-id - 1];
        return table.TargetOf((int)((address - table.Address) / Arch.Entries.EntryPointer.EntrySize));
    }

    public string? Note(int id) => id >= 0 ? objects[id] as string : null;

    public IEnumerator<WalkStep> GetEnumerator()
    {
        var index = 0;
        foreach (var record in Records())
            yield return record.ToStep(index++, this);
    }

    /// <summary>Record <paramref name="index"/>, unpacked from the checkpoint before it.</summary>
    public StepRecord RecordAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var at = checkpoints[index >> CheckpointShift];
        var unpacking = new Packing();
        var record = unpacking.Read(chunks, ref at);
        for (var i = index >> CheckpointShift << CheckpointShift; i < index; i++)
            record = unpacking.Read(chunks, ref at);
        return record;
    }

    /// <summary>Every record in order.</summary>
    public IEnumerable<StepRecord> Records()
    {
        var unpacking = new Packing();
        var at = 0;
        for (var index = 0; index < Count; index++)
        {
            if ((index & ((1 << CheckpointShift) - 1)) == 0)
            {
                at = checkpoints[index >> CheckpointShift];
                unpacking.Reset();
            }
            yield return unpacking.Read(chunks, ref at);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>True when a record may not start at <paramref name="offset"/>, as the largest might not fit: the
    /// writer goes on in a new chunk, and the reader with it.</summary>
    private static bool EndsChunk(int offset) => offset > ChunkSize - MaxRecordBytes;

    private int Keep(object o)
    {
        objects.Add(o);
        return objects.Count - 1;
    }

    /// <summary>The four names used last, newest first.</summary>
    private readonly record struct RecentNames(string? Name0, int Id0, string? Name1, int Id1, string? Name2, int Id2, string? Name3, int Id3);

    /// <summary>The previous record of each kind, which the next one is stored as a difference from.</summary>
    private sealed class Packing
    {
        private const int Kinds = 16;

        /// <summary>Set in the first byte when the record repeats the previous record of its kind: the same function,
        /// depth, name, target, flags and differences. It is then that one byte: a loop's pte loads, pages and
        /// increments mostly are. <see cref="StepRecord"/>'s kinds leave the bit free.</summary>
        private const byte Repeat = 0x10;

        /// <summary>Set in the first byte when the record runs in the previous record's function at its depth, which
        /// are then not repeated; <see cref="StepRecord"/>'s kinds and flags leave the bit free.</summary>
        private const byte SameContext = 0x20;

        private readonly KindState[] kinds = new KindState[Kinds];
        private int depth = -1;
        private int function = -1;

        public void Reset()
        {
            Array.Clear(kinds);
            (depth, function) = (-1, -1);
        }

        /// <summary>Packs <paramref name="r"/> at <paramref name="at"/>, where <see cref="MaxRecordBytes"/> are free.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Write(byte[] chunk, int at, in StepRecord r)
        {
            ref var last = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(kinds), (int)r.Kind);
            ref var start = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(chunk), at);
            var levelAndDecision = (byte)(((int)r.Level << 4) | (int)r.Decision);
            var (da, db, dc) = unchecked((r.A - last.A, r.B - last.B, r.C - last.C));
            var sameContext = r.Depth == depth && r.Function == function;
            if (sameContext && r.KindAndFlags == last.KindAndFlags && levelAndDecision == last.LevelAndDecision && r.Helper == last.Helper
                && r.Extra == last.Extra && ((da ^ last.DA) | (db ^ last.DB) | (dc ^ last.DC)) == 0)
            {
                start = (byte)((int)r.Kind | Repeat);
                (last.A, last.B, last.C) = (r.A, r.B, r.C);
                return at + 1;
            }
            ref var p = ref start;
            Unsafe.Add(ref p, 1) = levelAndDecision;
            if (sameContext)
            {
                p = (byte)(r.KindAndFlags | SameContext);
                p = ref Unsafe.Add(ref p, 2);
            }
            else
            {
                p = r.KindAndFlags;
                Unsafe.Add(ref p, 2) = r.Depth;
                p = ref WriteVarint(ref Unsafe.Add(ref p, 3), (uint)r.Function);
                (depth, function) = (r.Depth, r.Function);
            }
            p = ref WriteVarint(ref p, (uint)r.Helper);
            p = ref WriteVarint(ref p, r.Extra == None ? 0 : ZigZag(r.Extra) + 1);
            p = ref WriteVarint(ref p, ZigZag(da));
            p = ref WriteVarint(ref p, ZigZag(db));
            p = ref WriteVarint(ref p, ZigZag(dc));
            last = new KindState(r.KindAndFlags, levelAndDecision, r.Helper, r.Extra, r.A, r.B, r.C, da, db, dc);
            return at + (int)Unsafe.ByteOffset(ref start, ref p);
        }

        public StepRecord Read(List<byte[]> chunks, ref int at)
        {
            var chunk = chunks[at >> ChunkShift];
            var offset = at & (ChunkSize - 1);
            var first = chunk[offset++];
            ref var last = ref kinds[first & (Kinds - 1)];
            if ((first & Repeat) != 0)
                (last.A, last.B, last.C) = unchecked((last.A + last.DA, last.B + last.DB, last.C + last.DC));
            else
            {
                var levelAndDecision = chunk[offset++];
                if ((first & SameContext) == 0)
                {
                    depth = chunk[offset++];
                    function = (int)ReadVarint(chunk, ref offset);
                }
                var helper = (int)ReadVarint(chunk, ref offset);
                var extra = ReadVarint(chunk, ref offset);
                var da = UnZigZag(ReadVarint(chunk, ref offset));
                var db = UnZigZag(ReadVarint(chunk, ref offset));
                var dc = UnZigZag(ReadVarint(chunk, ref offset));
                last = new KindState(unchecked((byte)(first & ~SameContext)), levelAndDecision, helper, extra == 0 ? None : (int)UnZigZag(extra - 1),
                    unchecked(last.A + da), unchecked(last.B + db), unchecked(last.C + dc), da, db, dc);
            }
            at = (at & ~(ChunkSize - 1)) + offset;
            if (EndsChunk(offset))
                at = ((at >> ChunkShift) + 1) << ChunkShift;
            return StepRecord.Unpacked(last.KindAndFlags, (byte)depth, (Arch.Levels.Level)(last.LevelAndDecision >> 4), (Decision)(last.LevelAndDecision & 0xf),
                function, last.Helper, last.Extra, last.A, last.B, last.C);
        }

        /// <summary>The last record of one kind as packed: its header, name, target, fields and their differences.</summary>
        private record struct KindState(byte KindAndFlags, byte LevelAndDecision, int Helper, int Extra, ulong A, ulong B, ulong C, ulong DA, ulong DB, ulong DC);

        private static ulong ZigZag(ulong delta) => (delta << 1) ^ (ulong)((long)delta >> 63);

        private static ulong ZigZag(int value) => (uint)((value << 1) ^ (value >> 31));

        private static ulong UnZigZag(ulong z) => (z >> 1) ^ (0UL - (z & 1));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ref byte WriteVarint(ref byte p, ulong value)
        {
            while (value >= 0x80)
            {
                p = (byte)(value | 0x80);
                p = ref Unsafe.Add(ref p, 1);
                value >>= 7;
            }
            p = (byte)value;
            return ref Unsafe.Add(ref p, 1);
        }

        private static ulong ReadVarint(byte[] chunk, ref int at)
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = chunk[at++];
                value |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80)
                    return value;
            }
        }
    }
}
