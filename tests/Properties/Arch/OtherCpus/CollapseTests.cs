using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;

namespace PgtableInvariants.Properties.Arch.OtherCpus;

/// <summary>khugepaged's collapse_huge_page in each era and architecture, and its giving up on a pinned page.</summary>
public sealed class CollapseTests
{
    private static readonly Pfn Huge = new(0x4_0000);

    private static AddressSpace TwoPages(Model model)
    {
        var mm = model.NewAddressSpace();
        var base2M = model.Arch.Geometry.Leaf(Level.Pmd).Bytes;
        mm.Map(new VirtualAddress(base2M), new Pfn(base2M >> model.Arch.Geometry.PageShift));
        mm.Map(new VirtualAddress(base2M + model.Arch.Geometry.PageSize), new Pfn((base2M >> model.Arch.Geometry.PageShift) + 1));
        return mm;
    }

    private static OtherCpuOperation Of(AddressSpace mm) => Collapse.Of(mm, new VirtualAddress(mm.Arch.Geometry.Leaf(Level.Pmd).Bytes), Huge);

    [Fact] // x86: the flush of pmdp_collapse_flush is an IPI; no tlb_remove_table_sync_one without RCU table freeing.
    public void X86_ClearsThePmd_WaitsForTheIpi_CountsReferences_CopiesAndMapsTheHugePage()
    {
        var op = Of(TwoPages(ModelCatalogue.Find("x86-64/4level@v6.12")!));

        Assert.Equal(["pmdp_collapse_flush", "flush_tlb_range", "__collapse_huge_page_isolate", "pte_clear", "pte_clear", "set_pmd_at"], op.Steps.Select(s => s.Name));
        Assert.IsType<OtherCpuStep.WaitForIpi>(op.Steps[1]);
        Assert.Equal("collapse_huge_page(0x200000)", op.Name);
    }

    [Fact] // arm64 6.12: a broadcast flush, then the IPI of 2ba99c5e0881.
    public void Arm64V612_FlushesByBroadcast_ThenSendsTheIpiOfTlbRemoveTableSyncOne()
    {
        var op = Of(TwoPages(ModelCatalogue.Find("arm64/4k/48@v6.12")!));

        Assert.Equal(["pmdp_collapse_flush", "flush_tlb_range", "tlb_remove_table_sync_one", "__collapse_huge_page_isolate", "pte_clear", "pte_clear", "set_pmd_at"], op.Steps.Select(s => s.Name));
        Assert.False(op.Steps[1].Waits);
        Assert.True(op.Steps[2].Waits);
    }

    [Fact] // s390 5.9: before 2ba99c5e0881 nothing in the collapse waits for a walker.
    public void S390V59_WaitsForNobody()
    {
        var op = Of(TwoPages(ModelCatalogue.S390ThreeLevel));

        Assert.Equal(["pmdp_collapse_flush", "flush_tlb_range", "__collapse_huge_page_isolate", "pte_clear", "pte_clear", "set_pmd_at"], op.Steps.Select(s => s.Name));
        Assert.DoesNotContain(op.Steps, s => s.Waits);
    }

    [Fact] // The operation made to the end: the span maps the huge page, the record says so.
    public void MadeToTheEnd_TheSpanMapsTheHugePage()
    {
        var mm = TwoPages(ModelCatalogue.X86FourLevel);
        var op = Of(mm);
        OperationRun.ToTheEnd(mm, op);

        var va = new VirtualAddress(0x20_1000);
        Assert.Equal(Huge + 1, ModelCatalogue.X86FourLevel.Mmu.Translate(new Cpu(mm.Memory), mm, va, Access.Read).Pfn);
        Assert.Equal(Huge, mm.MappingAt(va)!.Pfn);
    }

    [Fact] // __collapse_huge_page_isolate sees gup's reference: the pmd is put back and nothing else happens.
    public void APinnedPage_MakesItGiveUp_AndPutThePmdBack()
    {
        var mm = TwoPages(ModelCatalogue.X86FourLevel);
        var op = Of(mm);
        mm.Memory.References.Get(new Pfn(0x201));
        var seen = new List<OtherCpuEvent>();
        OperationRun.ToTheEnd(mm, op, seen.Add);

        Assert.True(Assert.Single(seen, e => e.GaveUp).Step is OtherCpuStep.CheckReferences);
        Assert.Equal("pmd_populate", Assert.IsType<OtherCpuStep.CheckReferences>(op.Steps[2]).GiveUp.Name);
        Assert.Equal(3, seen.Count);
        Assert.Equal(new Pfn(0x201), ModelCatalogue.X86FourLevel.Mmu.Translate(new Cpu(mm.Memory), mm, new VirtualAddress(0x20_1000), Access.Read).Pfn);
    }

    [Fact] // The collapse counts the references of the folios it copies, and of nothing beside them.
    public void CountsTheReferencesOfItsPagesOnly()
    {
        var op = Of(TwoPages(ModelCatalogue.X86FourLevel));

        Assert.True(op.Counts(new Pfn(0x201), 1));
        Assert.False(op.Counts(new Pfn(0x1ff), 1));
        Assert.False(op.Counts(new Pfn(0x202), 1));
    }

    [Fact] // A huge pmd or a hole is no pte table: there is nothing to collapse.
    public void NoPteTable_NothingToCollapse()
    {
        var mm = ModelCatalogue.X86FourLevel.NewAddressSpace();
        Assert.Empty(Of(mm).Steps);
        mm.Map(new VirtualAddress(0x20_0000), new Pfn(0x200), mm.Arch.Geometry.Leaf(Level.Pmd));
        Assert.Empty(Of(mm).Steps);
    }
}
