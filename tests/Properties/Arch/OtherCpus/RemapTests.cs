using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;

namespace PgtableInvariants.Properties.Arch.OtherCpus;

/// <summary>A copy-on-write break on another CPU: clear and flush, then map the copy.</summary>
public sealed class RemapTests
{
    [Theory]
    [InlineData("x86-64/4level@v6.12", true)]
    [InlineData("arm64/4k/48@v6.12", false)]
    public void ClearsFlushesThenMapsTheCopy(string name, bool flushWaits)
    {
        var model = ModelCatalogue.Find(name)!;
        var mm = model.NewAddressSpace();
        var page = model.Arch.Geometry.PageSize;
        mm.Map(new VirtualAddress(page), new Pfn(0x42));
        var op = Remap.Of(mm, new VirtualAddress(page), new Pfn(0x99));
        OperationRun.ToTheEnd(mm, op);

        Assert.Equal(["ptep_clear_flush", "flush_tlb_page", "set_pte_at"], op.Steps.Select(s => s.Name));
        Assert.Equal(flushWaits, op.Steps[1].Waits);
        Assert.Equal(new Pfn(0x99), model.Mmu.Translate(new Cpu(mm.Memory), mm, new VirtualAddress(page), Access.Read).Pfn);
        Assert.Equal(new Pfn(0x99), mm.MappingAt(new VirtualAddress(page))!.Pfn);
    }

    [Fact] // wp_page_copy is named by the page it copies, from any address in it, or by the address when nothing maps it.
    public void IsNamedByThePage_OrByAnUnmappedAddress()
    {
        var mm = ModelCatalogue.X86FourLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x42));

        Assert.Equal("wp_page_copy(0x1000)", Remap.Of(mm, new VirtualAddress(0x1123), new Pfn(0x99)).Name);
        var unmapped = Remap.Of(mm, new VirtualAddress(0x5000), new Pfn(0x99));
        Assert.Equal("wp_page_copy(0x5000)", unmapped.Name);
        Assert.Empty(unmapped.Steps);
    }

    [Fact] // A huge page is not remapped by a pte.
    public void AHugePage_NoSteps()
    {
        var model = ModelCatalogue.X86FourLevel;
        var mm = model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x20_0000), new Pfn(0x200), model.Arch.Geometry.Leaf(Level.Pmd));

        Assert.Empty(Remap.Of(mm, new VirtualAddress(0x20_0000), new Pfn(0x400)).Steps);
    }
}
