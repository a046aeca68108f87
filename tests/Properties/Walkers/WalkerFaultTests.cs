using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Properties.Arch;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Properties.Walkers;

/// <summary>A faulting read ends every walker's walk where it happens: the fault is the last step, at the depth of the
/// read, and nothing is found after it.</summary>
public sealed class WalkerFaultTests
{
    public static TheoryData<string> TableWalkers =>
        [WalkerCatalogue.PageWalk, WalkerCatalogue.PageWalkV612, WalkerCatalogue.GupSlow, WalkerCatalogue.GupFastV58, WalkerCatalogue.GupFastV59, WalkerCatalogue.GupFastV612];

    [Theory] // A pmd that points into memory holding no table: the first pte read faults (an oops).
    [MemberData(nameof(TableWalkers))]
    public void PteRead_OutsideAnyTable_IsTheLastStepOfTheWalk(string walker)
    {
        var model = ModelCatalogue.For("x86-64/4level", WalkerCatalogue.EraOf(walker)!)!;
        var mm = model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x1234));
        mm.Map(new VirtualAddress(0x2000), new Pfn(0x1235));
        TableSlots.Change(mm, TableSlots.SlotOf(mm, 0x1000, Level.Pmd), pmd => new Entry(Level.Pmd, 0x10_0000_0000 | (pmd.Raw & 0xfff)));
        var result = WalkerCatalogue.Find(walker, model)!.Walk(mm, WalkRange.Create(0, 0x4000), WalkOptions.Default);
        Assert.Equal(WalkFaultKind.Memory, result.Fault?.Kind);
        Assert.Empty(result.Pages);
        var steps = result.Trace.Steps;
        Assert.Equal(("fault", Decision.Fault, result.Fault!.Step), (steps[^1].Helper, steps[^1].Decision, steps[^1].Number));
        Assert.True(steps[^2].IsLoad, steps[^2].ToString());
        Assert.Equal(steps[^2].Depth, steps[^1].Depth);
        Assert.Equal(result.Fault.Memory!.ToString(), steps[^1].Note);
    }
}
