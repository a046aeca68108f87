using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Hardware;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Properties.Walkers.Hardware;

/// <summary>The hardware translation as a walker: the access it is asked for decides, and its table reads are the
/// walk's loads, each traced.</summary>
public sealed class HardwareWalkerTests
{
    private static readonly Model Model = ModelCatalogue.X86FourLevel;

    private static VirtualAddress Va(ulong va) => new(va);

    [Theory] // A write to a read-only page raises a page fault (a one-page hole of unknown depth); a read translates.
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void ReadOnlyPage_TranslatesForAReadOnly(bool write, bool translated)
    {
        var mm = Model.NewAddressSpace();
        mm.Map(Va(0x1000), new Pfn(0x1234), VmFlags.Read);
        var walker = new HardwareWalker(Model.Mmu);
        var result = walker.Walk(mm, WalkRange.Create(0x1000, 0x2000), WalkOptions.Default with { Write = write });
        Assert.Equal(WalkerCatalogue.Hardware, walker.Name);
        Assert.Equal(WalkerCatalogue.Hardware, result.Walker);
        Assert.Equal(translated ? [(Va(0x1000), new Pfn(0x1234))] : [], result.EachPage());
        Assert.Equal(translated ? [] : [new Hole(Va(0x1000), Va(0x2000), -1)], result.Holes);
    }

    [Fact] // x86-64 4-level paging reads PML4E, PDPTE, PDE and PTE for each address: 4 loads a page, all in the trace.
    public void Loads_AreTheTableReadsOfEveryTranslation()
    {
        var mm = Model.NewAddressSpace();
        mm.Map(Va(0x1000), new Pfn(0x1234));
        mm.Map(Va(0x2000), new Pfn(0x1235));
        var result = new HardwareWalker(Model.Mmu).Walk(mm, WalkRange.Create(0x1000, 0x3000), WalkOptions.Default);
        Assert.Equal(8, result.Loads);
        Assert.Equal(8, result.Trace.Steps.Count(s => s.IsLoad && s.Helper == $"{Model.Arch.Name} load"));
    }
}
