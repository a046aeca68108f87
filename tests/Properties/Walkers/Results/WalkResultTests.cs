using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Properties.Walkers.Results;

/// <summary>What a walk returns reads as the kernel developer would say it.</summary>
public sealed class WalkResultTests
{
    private static VirtualAddress Va(ulong va) => new(va);

    [Theory] // A run's frames follow its pages, in pages of the range's size.
    [InlineData(12, 0x12000UL, 0x102UL)]
    [InlineData(12, 0x13000UL, null)]
    [InlineData(12, 0xf000UL, null)]
    [InlineData(14, 0x14000UL, 0x101UL)]
    [InlineData(14, 0x1c000UL, null)]
    public void PfnAt_IsTheFrameOfTheRunThatHoldsTheAddress(int pageShift, ulong va, ulong? pfn)
    {
        var result = new WalkResult("test", WalkRange.Create(0x10000, 0x40000, pageShift), [new PageRun(Va(0x10000), new Pfn(0x100), 3)], [], null, 0, WalkTrace.Empty);
        Assert.Equal(pfn is { } p ? (Pfn?)new Pfn(p) : null, result.PfnAt(Va(va)));
    }

    [Theory] // One page is named alone; a run says how many pages follow the first.
    [InlineData(1UL, "0x10000 -> pfn 0x100")]
    [InlineData(2UL, "0x10000 -> pfn 0x100 (+1 pages)")]
    [InlineData(3UL, "0x10000 -> pfn 0x100 (+2 pages)")]
    public void PageRun_PrintsItsFirstPageAndTheCountOfTheRest(ulong pages, string text) =>
        Assert.Equal(text, new PageRun(Va(0x10000), new Pfn(0x100), pages).ToString());

    [Fact]
    public void BudgetFault_SaysAtWhichStep()
    {
        Assert.Equal("step budget exhausted at step 41", new WalkFault(WalkFaultKind.StepBudget, null, 41).ToString());
    }

    [Fact] // The KASAN report of the s390 5.8 bug's walk, and the step that made it.
    public void MemoryFault_SaysWhatWasReadAndAtWhichStep()
    {
        var model = ModelCatalogue.S390ThreeLevel;
        var mm = model.NewAddressSpace();
        mm.Map(Va(0x7fff_f000), new Pfn(0x7ffff));
        var fault = WalkerCatalogue.Find(WalkerCatalogue.GupFastV58, model)!.Walk(mm, WalkRange.Create(0x7fff_f000, 0x8000_1000),
            WalkOptions.Default with { StackLayout = StackLayout.RedZone }).Fault!;
        Assert.StartsWith("KASAN: stack-out-of-bounds read at ", fault.ToString(), StringComparison.Ordinal);
        Assert.EndsWith($") at step {fault.Step}", fault.ToString(), StringComparison.Ordinal);
        Assert.Equal($"{fault.Memory} at step {fault.Step}", fault.ToString());
    }

    [Fact]
    public void PageReference_SaysTheHeadAndItsCount()
    {
        Assert.Equal("pfn 0x200 refcount 3", new PageReference(new Pfn(0x200), 3).ToString());
    }
}
