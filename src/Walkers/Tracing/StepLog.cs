using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Walkers.Tracing;

/// <summary>The steps of a walk as it records them, packed: about ten bytes a step where a <see cref="WalkStep"/>
/// takes 184, with the names, notes and stack targets they refer to by number.</summary>
/// <remarks>A traced walk of 100k pages makes 300k–600k steps. Kept as they are made they would fill fresh memory
/// faster than the walk runs (page faults, collections); packed, they stay a few MB in chunks that double from
/// 1 KiB to 64 KiB (most walks a property makes are a few dozen steps: a 64 KiB chunk for each would be most of
/// what the suite allocates, and its collections most of its time). Each field
/// is stored as the LEB128 of its zig-zagged difference from the same field of the previous record of the same
/// kind (the next pte is 8 bytes on, its value 0x1000 more), and every 64th record starts afresh, so step
/// <c>i</c> is found by unpacking at most 63 records. As a list it unpacks a <see cref="WalkStep"/> when asked: a
/// trace nobody reads costs only its bytes. A pointer into the table window is described again from its address
/// when read (tables are only ever added, above the window's end, so it points into the same thing), unless
/// <c>tablesChange</c>: other CPUs may free table pages during the walk; a stack copy, which dies with its function,
/// is kept as itself.</remarks>
internal sealed class StepLog(MachineMemory memory, bool tablesChange = false) : IReadOnlyList<WalkStep>
{
    /// <summary>No target and no note.</summary>
    public const int None = int.MinValue;

    /// <summary>A target in the table window, described again from its address when read.</summary>
    private const int InTables = -1;

    /// <summary>A position is a chunk's number shifted by this, plus the offset in it.</summary>
    private const int ChunkShift = 16;
    private const int ChunkSize = 1 << ChunkShift;
    private const int FirstChunkSize = 1 << 10;
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
    private int position;

    public int Count { get; private set; }

    /// <summary>The index of the first increment a loop goes on with whose pointer is not where the offset helper
    /// puts <c>next</c> (<see cref="StepKind.Increment"/> with its flag set and A ≠ C), noted as it is added, so the
    /// iterator invariant need not unpack the whole log; -1 when there is none.</summary>
    public int FirstStrayIncrement { get; private set; } = -1;

    public WalkStep this[int index] => RecordAt(index).ToStep(index, this);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(in StepRecord record)
    {
        if (EndsChunk(current, position))
        {
            current = GC.AllocateUninitializedArray<byte>(Math.Clamp(2 * current.Length, FirstChunkSize, ChunkSize));
            chunks.Add(current);
            position = 0;
        }
        if ((Count & ((1 << CheckpointShift) - 1)) == 0)
        {
            checkpoints.Add(((chunks.Count - 1) << ChunkShift) | position);
            packing.Reset();
        }
        position = packing.Write(current, position, record);
        if (FirstStrayIncrement < 0 && record.Kind == StepKind.Increment && record.Flag && record.A != record.C)
            FirstStrayIncrement = Count;
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

    /// <summary>The number of what a pointer points into: a live table slot is looked up again when read (it cannot
    /// change unless other CPUs free table pages during the walk), anything else is kept.</summary>
    public int TargetId(Target target) => target is Target.TableSlot && !tablesChange ? InTables : Keep(target);

    /// <summary><c>sizeof(pte_t)</c> of the memory walked: every pointer a step names has it.</summary>
    public int EntrySize => memory.EntrySize;

    /// <summary>The number of what <paramref name="address"/> points into now, as <see cref="MachineMemory.Describe"/> tells.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]

    public int TargetIdAt(ulong address) => memory.InTableWindow(address) && !tablesChange ? InTables : Keep(memory.Describe(address));

    /// <summary>The number of a note, or <see cref="None"/>.</summary>
    public int NoteId(string? note) => note is null ? None : Keep(note);

    public string Name(int id) => names[id];

    public Target? Target(int id, ulong address) => id switch
    {
        None => null,
        InTables => memory.Describe(address),
        _ => objects[id] as Target,
    };

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
    private static bool EndsChunk(byte[] chunk, int offset) => offset > chunk.Length - MaxRecordBytes;

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
        /// <summary>Every kind the five kind bits of a record can name (a power of two: it masks them).</summary>
        private const int Kinds = 32;

        /// <summary>Set in the first byte when the record runs in the previous record's function at its depth, which
        /// are then not repeated; <see cref="StepRecord"/>'s kinds and flags leave the bit free.</summary>
        private const byte SameContext = 0x20;

        /// <summary>A, B and C of the previous record of each kind.</summary>
        private readonly ulong[] previous = new ulong[3 * Kinds];
        private int depth = -1;
        private int function = -1;

        public void Reset()
        {
            Array.Clear(previous);
            (depth, function) = (-1, -1);
        }

        /// <summary>Packs <paramref name="r"/> at <paramref name="at"/>, where <see cref="MaxRecordBytes"/> are free.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Write(byte[] chunk, int at, in StepRecord r)
        {
            var k = (int)r.Kind;
            ref var start = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(chunk), at);
            ref var p = ref start;
            Unsafe.Add(ref p, 1) = (byte)(((int)r.Level << 4) | (int)r.Decision);
            if (r.Depth == depth && r.Function == function)
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
            ref var last = ref MemoryMarshal.GetArrayDataReference(previous);
            ref var a = ref Unsafe.Add(ref last, 3 * k);
            p = ref WriteVarint(ref p, ZigZag(unchecked(r.A - a)));
            p = ref WriteVarint(ref p, ZigZag(unchecked(r.B - Unsafe.Add(ref a, 1))));
            p = ref WriteVarint(ref p, ZigZag(unchecked(r.C - Unsafe.Add(ref a, 2))));
            (a, Unsafe.Add(ref a, 1), Unsafe.Add(ref a, 2)) = (r.A, r.B, r.C);
            return at + (int)Unsafe.ByteOffset(ref start, ref p);
        }

        public StepRecord Read(List<byte[]> chunks, ref int at)
        {
            var chunk = chunks[at >> ChunkShift];
            var offset = at & (ChunkSize - 1);
            var kindAndFlags = chunk[offset++];
            var levelAndDecision = chunk[offset++];
            if ((kindAndFlags & SameContext) == 0)
            {
                depth = chunk[offset++];
                function = (int)ReadVarint(chunk, ref offset);
            }
            kindAndFlags &= unchecked((byte)~SameContext);
            var helper = (int)ReadVarint(chunk, ref offset);
            var extra = ReadVarint(chunk, ref offset);
            var k = 3 * (kindAndFlags & (Kinds - 1));
            var a = previous[k] = unchecked(previous[k] + UnZigZag(ReadVarint(chunk, ref offset)));
            var b = previous[k + 1] = unchecked(previous[k + 1] + UnZigZag(ReadVarint(chunk, ref offset)));
            var c = previous[k + 2] = unchecked(previous[k + 2] + UnZigZag(ReadVarint(chunk, ref offset)));
            at = (at & ~(ChunkSize - 1)) + offset;
            if (EndsChunk(chunk, offset))
                at = ((at >> ChunkShift) + 1) << ChunkShift;
            return StepRecord.Unpacked(kindAndFlags, (byte)depth, (Arch.Levels.Level)(levelAndDecision >> 4), (Decision)(levelAndDecision & 0xf),
                function, helper, extra == 0 ? None : (int)UnZigZag(extra - 1), a, b, c);
        }

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
