using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Properties.Arch;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.GupFast;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Properties.Walkers.GupFast;

/// <summary>gup_fast takes a page, then re-reads the entry it took it from: if another CPU changed it meanwhile, the
/// reference is dropped and the walk returns what it had before (mm/gup.c: <c>pte_val(pte) != pte_val(*ptep)</c>,
/// <c>pmd_val(orig) != pmd_val(*pmdp)</c>).</summary>
public sealed class GupFastRecheckTests
{
    private static readonly Model Model = ModelCatalogue.X86FourLevel;

    private static (AddressSpace Mm, OtherCpuStore Arch) Mm()
    {
        var arch = new OtherCpuStore(Model.Arch);
        return (new AddressSpace(arch), arch);
    }

    private static WalkResult Walk(AddressSpace mm, ulong start, ulong end) =>
        new GupFastWalker(GupFastShape.V5_9).Walk(mm, WalkRange.Create(start, end), WalkOptions.Default);

    [Fact]
    public void PteRemappedAfterTheGrab_StopsTheWalkWithoutThePage()
    {
        var (mm, arch) = Mm();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x1234));
        mm.Map(new VirtualAddress(0x2000), new Pfn(0x1235));
        var remapped = Model.Arch.MakeLeaf(Model.Arch.Geometry.BasePage, new Pfn(0x9999), VmFlags.Read | VmFlags.Write);
        arch.Arm(mm.Memory, TableSlots.SlotOf(mm, 0x1000, Level.Pte), remapped);
        var result = Walk(mm, 0x1000, 0x3000);
        Assert.Empty(result.Pages);
        var stop = Assert.Single(result.Trace.Steps, s => s.Decision == Decision.Stop);
        Assert.Equal(("pte changed", remapped), (stop.Helper, stop.Value));
        Assert.Equal(0, mm.Memory.References.Extra(new Pfn(0x1234)));
    }

    [Fact] // gup_put_folio: the reference taken for the changed pte is dropped, the one for the page before it kept.
    public void PteRemappedAfterTheGrab_DropsItsReference_KeepsThoseOfThePagesBefore()
    {
        var (mm, arch) = Mm();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x1234));
        mm.Map(new VirtualAddress(0x2000), new Pfn(0x1235));
        arch.Arm(mm.Memory, TableSlots.SlotOf(mm, 0x2000, Level.Pte), new Entry(Level.Pte, 0));
        var result = Walk(mm, 0x1000, 0x3000);

        Assert.Equal(1UL, result.PageCount);
        Assert.Equal([(new Pfn(0x1234), 1UL)], mm.Memory.References.Runs);
    }

    [Fact] // The pages after a changed huge leaf are not taken either: gup_huge_pmd returns 0 and the walk ends.
    public void HugePmdZappedAfterTheGrab_StopsTheWalkBeforeThePagesAfterIt()
    {
        var (mm, arch) = Mm();
        mm.Map(new VirtualAddress(0x20_0000), new Pfn(0x400), Model.Arch.HugeSizes.Single(s => s.Level == Level.Pmd));
        mm.Map(new VirtualAddress(0x40_0000), new Pfn(0x1234));
        arch.Arm(mm.Memory, TableSlots.SlotOf(mm, 0x20_0000, Level.Pmd), new Entry(Level.Pmd, 0));
        var result = Walk(mm, 0x20_0000, 0x40_1000);
        Assert.Empty(result.Pages);
        Assert.Equal("pmd changed", Assert.Single(result.Trace.Steps, s => s.Decision == Decision.Stop).Helper);
        Assert.Empty(mm.Memory.References.Runs);
    }
}
