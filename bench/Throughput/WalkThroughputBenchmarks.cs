using BenchmarkDotNet.Attributes;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Bench.Throughput;

/// <summary>Walk throughput: one walk over a fully mapped range of 1k, 10k or 100k pages. Each operation is one
/// simulated entry load (<c>OperationsPerInvoke</c> = the walk's loads), so the mean is the time per load.</summary>
[MemoryDiagnoser]
public class WalkThroughputBenchmarks
{
    private AddressSpace mm = null!;
    private IWalker walker = null!;
    private WalkRange range;
    private WalkOptions options = null!;

    [Params("x86-64/4level", "s390/3level")]
    public string Model { get; set; } = "";

    [Params(1_000, 10_000, 100_000)]
    public int Pages { get; set; }

    [Params("pagewalk", "gup-fast/v5.8", "gup-fast/rfc-addr-end-folded", "gup-fast/v5.9", "hardware")]
    public string Walker { get; set; } = "";

    [Params(false, true)]
    public bool Trace { get; set; }

    /// <summary>Loads of one walk, measured once in setup.</summary>
    public long LoadsPerWalk { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var model = ModelCatalogue.Find(Model)!;
        mm = model.NewAddressSpace();
        const ulong start = 0x1_0000_0000;
        for (var i = 0UL; i < (ulong)Pages; i++)
            mm.Map(new VirtualAddress(start + (i << 12)), new Pfn(0x100000 + i));
        walker = WalkerCatalogue.Find(Walker, model)!;
        range = WalkRange.Create(start, start + ((ulong)Pages << 12));
        options = new WalkOptions(Trace: Trace, StepBudget: int.MaxValue);
        var probe = walker.Walk(mm, range, options);
        if (probe.PageCount != (ulong)Pages || probe.Fault is not null)
            throw new InvalidOperationException($"{Walker} found {probe.PageCount} of {Pages} pages ({probe.Fault})");
        LoadsPerWalk = probe.Loads;
        Console.WriteLine($"// {Model} {Walker} {Pages} pages trace={Trace}: {LoadsPerWalk} loads per walk");
    }

    [Benchmark]
    public ulong Walk() => walker.Walk(mm, range, options).PageCount;
}
