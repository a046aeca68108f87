using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;

namespace PgtableInvariants.Properties.Arch.OtherCpus;

/// <summary>The split of a pmd-mapped huge page into a pte table: invalidate, flush, populate.</summary>
public sealed class SplitTests
{
    private static (AddressSpace Mm, VirtualAddress Va) HugePage(Model model)
    {
        var mm = model.NewAddressSpace();
        var huge = model.Arch.Geometry.Leaf(Level.Pmd);
        var va = new VirtualAddress(huge.Bytes);
        mm.Map(va, new Pfn(huge.Frames), huge);
        return (mm, va);
    }

    [Theory] // The flush is an IPI on x86 and waits for nobody on arm64 and s390.
    [InlineData("x86-64/4level@v6.12", true)]
    [InlineData("arm64/4k/48@v6.12", false)]
    [InlineData("s390/3level", false)]
    public void InvalidatesFlushesThenPopulatesThePmd(string name, bool flushWaits)
    {
        var (mm, va) = HugePage(ModelCatalogue.Find(name)!);
        var op = Split.Of(mm, va + 0x3000);

        Assert.Equal(["pmdp_invalidate", "flush_pmd_tlb_range", "pmd_populate"], op.Steps.Select(s => s.Name));
        Assert.Equal($"split_huge_pmd({va})", op.Name);
        Assert.Equal(flushWaits, op.Steps[1].Waits);
    }

    [Theory] // Made to the end: a pte table maps every page where the huge pmd mapped it.
    [InlineData("x86-64/4level@v6.12")]
    [InlineData("arm64/16k/47@v6.12")]
    [InlineData("s390/4level")]
    [InlineData("riscv/sv39@v6.12")]
    public void MadeToTheEnd_EveryPageMapsTheSameFrameThroughAPteTable(string name)
    {
        var model = ModelCatalogue.Find(name)!;
        var (mm, va) = HugePage(model);
        var huge = model.Arch.Geometry.Leaf(Level.Pmd);
        var before = Enumerable.Range(0, 3).Select(i => model.Mmu.Translate(new Cpu(mm.Memory), mm, va + (ulong)i * (huge.Bytes / 3), Access.Read).Pfn).ToList();
        var op = Split.Of(mm, va);
        OperationRun.ToTheEnd(mm, op);

        Assert.False(model.Arch.Leaf(new Cpu(mm.Memory).Load(mm.Slot(va, Level.Pmd)!.Value)));
        Assert.NotNull(mm.Slot(va, Level.Pte));
        Assert.Equal(before, Enumerable.Range(0, 3).Select(i => model.Mmu.Translate(new Cpu(mm.Memory), mm, va + (ulong)i * (huge.Bytes / 3), Access.Read).Pfn));
    }

    [Fact] // A small page or nothing at the address: no steps, and the operation is named by the address asked.
    public void NoHugePmd_NoSteps()
    {
        var mm = ModelCatalogue.X86FourLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(1));

        Assert.Empty(Split.Of(mm, new VirtualAddress(0x1000)).Steps);
        var unmapped = Split.Of(mm, new VirtualAddress(0x5000));
        Assert.Empty(unmapped.Steps);
        Assert.Equal("split_huge_pmd(0x5000)", unmapped.Name);
    }
}
