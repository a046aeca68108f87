using FsCheck;
using FsCheck.Fluent;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Properties.Walkers;

/// <summary>A trace packs its steps as differences from the step before; what is unpacked is what was recorded,
/// read in order or by index, across checkpoints and chunks.</summary>
public sealed class StepLogTests
{
    private static readonly Gen<ulong> Field = Gen.OneOf(
        Gen.Elements(0UL, 1UL, 8UL, 0x1000UL, ulong.MaxValue, 1UL << 63, (1UL << 63) - 1, MachineMemory.WindowBaseFor(52)),
        ArbMap.Default.GeneratorFor<ulong>(),
        from high in Gen.Choose(0, int.MaxValue) from low in Gen.Choose(0, int.MaxValue) select ((ulong)high << 33) ^ (ulong)low);

    private static readonly Gen<StepRecord> Record =
        from kind in Gen.Choose(0, (int)StepKind.Budget)
        from depth in Gen.Choose(0, 255)
        from level in Gen.Elements(LevelExtensions.TopDown.ToArray())
        from decision in Gen.Elements(Enum.GetValues<Decision>())
        from function in Gen.OneOf(Gen.Choose(0, 3), Gen.Choose(0, int.MaxValue))
        from helper in Gen.OneOf(Gen.Choose(0, 3), Gen.Choose(0, int.MaxValue))
        from extra in Gen.OneOf(Gen.Constant(StepLog.None), Gen.Choose(int.MinValue + 1, -1), Gen.Choose(0, int.MaxValue))
        from a in Field
        from b in Field
        from c in Field
        from flag in ArbMap.Default.GeneratorFor<bool>()
        from hasValue in ArbMap.Default.GeneratorFor<bool>()
        select new StepRecord((StepKind)kind, depth, function, helper, level, decision, a, b, c, extra, flag, hasValue);

    [Fact]
    public void Every_record_packed_is_unpacked_unchanged_in_order_and_by_index()
    {
        Prop.ForAll(Record.ListOf().ToArbitrary(), records =>
        {
            var log = Pack(records);
            var inOrder = log.Records().Select(Fields).ToList();
            var byIndex = Enumerable.Range(0, log.Count).Select(i => Fields(log.RecordAt(i))).ToList();
            return log.Count == records.Count && inOrder.SequenceEqual(records.Select(Fields)) && byIndex.SequenceEqual(inOrder);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_first_stray_increment_noted_while_packing_is_the_first_found_by_reading_every_record()
    {
        // Increments are a third of the records, half of them a slot off, so most logs have several strays.
        var increment =
            from continues in ArbMap.Default.GeneratorFor<bool>()
            from a in Gen.Choose(0, 1 << 20)
            from stray in ArbMap.Default.GeneratorFor<bool>()
            select new StepRecord(StepKind.Increment, 1, 0, 0, Level.Pte, Decision.None, (ulong)a, 0, stray ? (ulong)a + 8 : (ulong)a, flag: continues);
        Prop.ForAll(Gen.Frequency((2, Record), (1, increment)).ListOf().ToArbitrary(), records =>
        {
            var log = Pack(records);
            var read = log.Records().Select((r, i) => (r, i)).FirstOrDefault(x => x.r.Kind == StepKind.Increment && x.r.Flag && x.r.A != x.r.C, (default, -1)).Item2;
            return log.FirstStrayIncrement == read;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Records_of_the_largest_size_cross_chunks_unchanged()
    {
        var random = new Random(20201124);
        var records = Enumerable.Range(0, 5000).Select(i => new StepRecord((StepKind)(i % 15), 255, int.MaxValue, int.MaxValue - i, Level.Pte, Decision.Fault,
            (ulong)random.NextInt64() << 1 | 1, ulong.MaxValue - (ulong)i, (ulong)random.NextInt64() * 3, int.MinValue + 1 + i, i % 2 == 0, i % 3 == 0)).ToList();
        var log = Pack(records);
        Assert.Equal(records.Select(Fields), log.Records().Select(Fields));
        Assert.Equal(Fields(records[4321]), Fields(log.RecordAt(4321)));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.RecordAt(5000));
    }

    [Fact]
    public void A_long_trace_reads_the_same_by_index_as_in_order()
    {
        var model = ModelCatalogue.S390ThreeLevel;
        var mm = model.NewAddressSpace();
        for (var i = 0UL; i < 3000; i++)
            mm.Map(new VirtualAddress(0x7fe0_0000 + (i << 12)), new Pfn(0x1000 + i));
        var trace = WalkerCatalogue.Find("gup-fast/v5.9", model)!.Walk(mm, WalkRange.Create(0x7fe0_0000, 0x7fe0_0000 + (3000UL << 12)), WalkOptions.Default).Trace;
        var inOrder = trace.Steps.ToList();
        Assert.True(inOrder.Count > 12_000, $"{inOrder.Count} steps");
        Assert.Equal(Enumerable.Range(0, inOrder.Count), inOrder.Select(s => s.Index));
        Assert.All(Enumerable.Range(0, inOrder.Count).Where(i => i % 61 == 0 || i % 64 == 63), i => Assert.Equal(inOrder[i], trace.Steps[i]));
    }

    private static StepLog Pack(IEnumerable<StepRecord> records)
    {
        var log = new StepLog(new MachineMemory());
        foreach (var r in records)
            log.Add(r);
        return log;
    }

    private static (StepKind, bool, bool, byte, Level, Decision, int, int, int, ulong, ulong, ulong) Fields(StepRecord r) =>
        (r.Kind, r.Flag, r.HasValue, r.Depth, r.Level, r.Decision, r.Function, r.Helper, r.Extra, r.A, r.B, r.C);
}
