using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Arch;

/// <summary>Hardware exceptions that the properties only reach by chance, pinned one by one (z/Architecture Principles of Operation, DAT; Intel SDM vol. 3, paging).</summary>
public sealed class HardwareTests
{
    private static Translation Translate(Model model, PgtableInvariants.Arch.AddressSpaces.AddressSpace mm, ulong va, Access access = Access.Read) =>
        model.Mmu.Translate(new Cpu(mm.Memory), mm, new VirtualAddress(va), access);

    [Fact] // Principles of Operation, DAT: an address >= 2^42 under a region-3 ASCE is an ASCE-type exception, while
           // Linux's pgd_offset would alias it.
    public void S390Dat_AboveRegion3Reach_IsAsceTypeException()
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        Assert.Equal(new HardwareFault("PGM", 0x38), Translate(ModelCatalogue.S390ThreeLevel, mm, 1UL << 42).Fault);
    }

    [Fact] // Principles of Operation, DAT: an empty region-3 entry (invalid bit) is a region-third translation exception.
    public void S390Dat_EmptyRegion3Entry_IsRegionThirdTranslation()
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        Assert.Equal(new HardwareFault("PGM", 0x3b), Translate(ModelCatalogue.S390ThreeLevel, mm, 0x1000).Fault);
    }

    [Fact] // Principles of Operation, DAT: the 2 GiB leaf is returned before the table-length check its software bits would fail.
    public void S390Dat_TwoGiBLeafWithSoftwareBitsInTL_Translates()
    {
        var model = ModelCatalogue.S390ThreeLevel;
        var mm = model.NewAddressSpace();
        mm.Map(new VirtualAddress(1UL << 31), new Pfn(0x80000), new PageSize(Level.Pud, 1UL << 31, 12), VmFlags.Read);
        Assert.Equal(new Pfn(0x80000 + 5), Translate(model, mm, (1UL << 31) + 0x5000).Pfn);
        Assert.Equal(new HardwareFault("PGM", 0x04), Translate(model, mm, 1UL << 31, Access.Write).Fault);
    }

    [Fact] // Principles of Operation, DAT: an old pte (Linux-present, invalid bit set) is a page-translation exception.
    public void S390Dat_OldPte_IsPageTranslation()
    {
        var model = ModelCatalogue.S390ThreeLevel;
        var mm = model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x10000), new Pfn(0x200));
        var cpu = new Cpu(mm.Memory);
        var p = model.Arch.PgdOffset(cpu, mm, new VirtualAddress(0x10000));
        for (var i = 0; i < 4; i++)
            p = model.Arch.Offset(cpu, p, new VirtualAddress(0x10000));
        cpu.Store(p, model.Arch.MkOld(cpu.Load(p)));
        Assert.Equal(new HardwareFault("PGM", 0x11), Translate(model, mm, 0x10000).Fault);
    }

    [Fact] // Intel SDM vol. 3, paging: a non-canonical address is #GP, not #PF.
    public void X86_NonCanonical_IsGeneralProtection()
    {
        var mm = ModelCatalogue.X86FourLevel.NewAddressSpace();
        Assert.Equal(new HardwareFault("#GP", 0), Translate(ModelCatalogue.X86FourLevel, mm, 1UL << 47).Fault);
        var five = ModelCatalogue.X86FiveLevel.NewAddressSpace();
        Assert.Equal(new HardwareFault("#PF", 4), Translate(ModelCatalogue.X86FiveLevel, five, 1UL << 47).Fault);
    }

    [Fact] // Intel SDM vol. 3, paging: a user write to a read-only page is #PF with P, W and U.
    public void X86_WriteToReadOnly_IsProtectionPageFault()
    {
        var model = ModelCatalogue.X86FourLevel;
        var mm = model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x40_0000), new Pfn(0x1000), new PageSize(Level.Pmd, 1UL << 21, 12), VmFlags.Read);
        Assert.Equal(new Pfn(0x1003), Translate(model, mm, 0x40_3000).Pfn);
        Assert.Equal(new HardwareFault("#PF", 7), Translate(model, mm, 0x40_3000, Access.Write).Fault);
    }
}
