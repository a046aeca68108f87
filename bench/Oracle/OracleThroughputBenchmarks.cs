using BenchmarkDotNet.Attributes;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.KernelOracle;
using PgtableInvariants.KernelOracle.Trees;

namespace PgtableInvariants.Bench.Oracle;

/// <summary>The kernel oracle's throughput through its pipe: one operation is one query of a batch of
/// <see cref="Batch"/> (after mirroring a 64-page address space once per batch), on the real code of each prepared
/// tree — s390 under qemu-user, x86-64 native.</summary>
public class OracleThroughputBenchmarks
{
    public const int Batch = 1000;

    private KernelCode kernel = null!;
    private Model model = null!;
    private AddressSpace mm = null!;
    private string[] queries = [];

    /// <summary>The prepared trees (<c>PGTABLE_KERNEL_TREES</c>, or those <c>oracle/prepare.sh</c> unpacked).</summary>
    public static IEnumerable<string> Trees() => PreparedTrees.Find();

    [ParamsSource(nameof(Trees))]
    public string Tree { get; set; } = "";

    [Params("s390", "x86-64")]
    public string Arch { get; set; } = "";

    /// <summary><c>gup</c>: <c>get_user_pages_fast_only</c> of 4 pages; <c>walk</c>: a pagewalk over 64 pages.</summary>
    [Params("gup", "walk")]
    public string Query { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var tree = KernelTree.Open(Tree);
        kernel = KernelCode.Prepare(tree, Arch);
        model = ModelCatalogue.For(Arch == "s390" ? "s390/3level" : "x86-64/4level", tree.Era)
            ?? throw new InvalidOperationException($"no model of {Arch} for era {tree.Era}");
        mm = model.NewAddressSpace();
        const ulong start = 0x7ffc_0000;
        for (var i = 0UL; i < 64; i++)
            mm.Map(new VirtualAddress(start + (i << 12)), new Pfn(0x7ffc0 + i));
        queries = [.. Enumerable.Range(0, Batch).Select(i => Query == "gup"
            ? $"gup fast-only {start + ((ulong)(i % 60) << 12):x} 4 0"
            : $"walk {start:x} {start + (64UL << 12):x}")];
        var probe = kernel.Run(model, mm, queries[..1])[0];
        if (!probe.IsOk)
            throw new InvalidOperationException($"{Tree} {Arch}: {probe}");
        Console.WriteLine($"// {tree.Version} {Arch} {Query}: {probe}");
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Queries() => kernel.Run(model, mm, queries).Count;

    [GlobalCleanup]
    public void Cleanup() => kernel.Dispose();
}
