using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;

namespace PgtableInvariants.Properties.Arch.OtherCpus;

/// <summary>khugepaged's retract_page_tables in each era: how the retracted table is freed.</summary>
public sealed class RetractTests
{
    private static AddressSpace OnePage(Model model)
    {
        var mm = model.NewAddressSpace();
        mm.Map(new VirtualAddress(model.Arch.Geometry.Leaf(Level.Pmd).Bytes), new Pfn(0x400));
        return mm;
    }

    private static OtherCpuOperation Of(Model model) => Retract.Of(OnePage(model), new VirtualAddress(model.Arch.Geometry.Leaf(Level.Pmd).Bytes + 0x1000), 0);

    [Theory]
    [InlineData("s390/3level", "zap_pte_range tlb_flush_mmu pmdp_collapse_flush flush_tlb_range pte_free alloc_pages")]
    [InlineData("x86-64/4level", "zap_pte_range tlb_flush_mmu pmdp_collapse_flush flush_tlb_range pte_free alloc_pages")]
    [InlineData("x86-64/4level@v6.1", "zap_pte_range tlb_flush_mmu pmdp_collapse_flush flush_tlb_range pte_free alloc_pages")]
    [InlineData("s390/3level@v6.12", "zap_pte_range tlb_flush_mmu pmdp_collapse_flush flush_tlb_range pte_free_defer pte_free_now alloc_pages")]
    [InlineData("arm64/4k/48@v6.8", "zap_pte_range tlb_flush_mmu pmdp_collapse_flush flush_tlb_range pte_free_defer pte_free_now alloc_pages")]
    public void TheTableIsFreed_AsTheEraFreesIt(string model, string steps)
    {
        Assert.Equal(steps, string.Join(' ', Of(ModelCatalogue.Find(model)!).Steps.Select(s => s.Name)));
    }

    [Theory] // Before 6.1 only x86's IPI flush waits for a walker; s390's flushes wait for nobody.
    [InlineData("s390/3level", false)]
    [InlineData("x86-64/4level", true)]
    [InlineData("s390/3level@v6.12", true)]
    public void SomethingBeforeTheFreeWaitsForTheWalker_OnlyWhereTheEraDoes(string model, bool waits)
    {
        var steps = Of(ModelCatalogue.Find(model)!).Steps;
        var free = steps.ToList().FindIndex(s => s is OtherCpuStep.FreeTable);

        Assert.Equal(waits, steps.Take(free).Any(s => s.Waits));
    }

    [Fact] // Made to the end: the table page is freed and reused, the pmd empty, the page no longer in the record.
    public void MadeToTheEnd_ThePmdIsEmptyAndTheTablePageGone()
    {
        var model = ModelCatalogue.S390ThreeLevel;
        var mm = OnePage(model);
        var va = new VirtualAddress(model.Arch.Geometry.Leaf(Level.Pmd).Bytes);
        var table = mm.Memory.TableAt(model.Arch.Offset(new Cpu(mm.Memory), mm.Slot(va, Level.Pmd)!.Value, va).Address)!;
        var op = Retract.Of(mm, va, 0);
        OperationRun.ToTheEnd(mm, op);

        Assert.True(model.Arch.None(new Cpu(mm.Memory).Load(mm.Slot(va, Level.Pmd)!.Value)));
        Assert.NotEqual(TablePageState.Live, table.State);
        Assert.Null(mm.MappingAt(va));
    }

    [Fact] // A pte table whose pages are all unmapped has nothing to zap: no tlb_flush_mmu before the collapse flush.
    public void EmptyTable_IsRetractedWithoutZapping()
    {
        var model = ModelCatalogue.X86FourLevel;
        var mm = OnePage(model);
        var va = new VirtualAddress(model.Arch.Geometry.Leaf(Level.Pmd).Bytes);
        mm.Unmap(va);

        Assert.Equal("pmdp_collapse_flush flush_tlb_range pte_free alloc_pages", string.Join(' ', Retract.Of(mm, va, 0).Steps.Select(s => s.Name)));
    }

    [Fact] // No pte table under the pmd: nothing to retract.
    public void NoTable_NoSteps()
    {
        Assert.Empty(Retract.Of(ModelCatalogue.S390ThreeLevel.NewAddressSpace(), default, 0).Steps);
    }
}
