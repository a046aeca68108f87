using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Arch;

/// <summary>32-bit paging as the Intel SDM vol. 3A §4.3 states it (CR4.PAE=0, CR4.PSE=1), on tables the i386 helpers
/// build and on PDEs written by hand. Error codes: P 1, W/R 2, U/S 4, RSVD 8.</summary>
public sealed class X86LegacyMmuTests
{
    private static readonly Model Model = ModelCatalogue.I386TwoLevel;

    private static Translation Translate(AddressSpace mm, ulong va, Access access = Access.Read, int maxPhysAddr = 36) =>
        new X86LegacyMmu(maxPhysAddr).Translate(new Cpu(mm.Memory), mm, new VirtualAddress(va), access);

    private static void SetPde(AddressSpace mm, ulong va, ulong pde) =>
        new Cpu(mm.Memory).Store(new EntryPointer(Level.Pgd, mm.Pgd + (va >> 22) * 4, 4), new Entry(Level.Pgd, pde));

    [Fact]
    public void FourKiBPage_TranslatesThroughTheTwoLevels()
    {
        var mm = Model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x40_3000), new Pfn(0x1234), VmFlags.Read);
        Assert.Equal(new Pfn(0x1234), Translate(mm, 0x40_3abc).Pfn);
        Assert.Equal(new HardwareFault("#PF", 0x7), Translate(mm, 0x40_3000, Access.Write).Fault);
        Assert.Equal(new HardwareFault("#PF", 0x4), Translate(mm, 0x40_4000).Fault);
        Assert.Equal(new HardwareFault("#PF", 0x6), Translate(mm, 0x80_0000, Access.Write).Fault);
    }

    [Fact] // PDE.PS with CR4.PSE: a 4 MiB page, offset from bits 21:0 of the address.
    public void PsePde_MapsFourMiB()
    {
        var mm = Model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x80_0000), new Pfn(0x400), new PageSize(Level.Pmd, 4UL << 20, 12), VmFlags.Read | VmFlags.Write);
        Assert.Equal(new Pfn(0x400 + 0x3ff), Translate(mm, 0xbf_f000, Access.Write).Pfn);
    }

    [Fact] // PSE-36: bits 20:13 of a 4 MiB PDE are physical-address bits (M-1):32; with M = 36, bits 21:17 are reserved,
           // with M = 32 (no PSE-36) all of 21:13.
    public void PsePde_HighBitsAddressAboveFourGiB_AndReservedBitsFault()
    {
        var mm = Model.NewAddressSpace();
        SetPde(mm, 0x40_0000, 0x40_0000 | (0x3UL << 13) | 0x87);
        Assert.Equal(new Pfn((0x3UL << 20) | 0x400 | 0x5), Translate(mm, 0x40_5000).Pfn);
        SetPde(mm, 0x40_0000, 0x40_0000 | (1UL << 17) | 0x87);
        Assert.Equal(new HardwareFault("#PF", 0xd), Translate(mm, 0x40_5000).Fault);
        SetPde(mm, 0x40_0000, 0x40_0000 | (1UL << 13) | 0x87);
        Assert.Equal(new HardwareFault("#PF", 0xd), Translate(mm, 0x40_5000, maxPhysAddr: 32).Fault);
    }

    [Fact] // U/S and R/W are ANDed over the PDE and the PTE: a supervisor PDE hides a user PTE.
    public void SupervisorPde_FaultsAUserAccessWithP()
    {
        var mm = Model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x55), VmFlags.Read | VmFlags.Write);
        var pdep = new EntryPointer(Level.Pgd, mm.Pgd, 4);
        var cpu = new Cpu(mm.Memory);
        cpu.Store(pdep, cpu.Load(pdep).Clear(0x4));
        Assert.Equal(new HardwareFault("#PF", 0x5), Translate(mm, 0x1000).Fault);
        cpu.Store(pdep, cpu.Load(pdep).Set(0x4).Clear(0x2));
        Assert.Equal(new Pfn(0x55), Translate(mm, 0x1000).Pfn);
        Assert.Equal(new HardwareFault("#PF", 0x7), Translate(mm, 0x1000, Access.Write).Fault);
    }

    [Fact] // No linear address has more than 32 bits.
    public void AddressAboveFourGiB_IsGeneralProtection() =>
        Assert.Equal(new HardwareFault("#GP", 0), Translate(Model.NewAddressSpace(), 1UL << 32).Fault);

    [Fact] // The last byte below 4 GiB is still a linear address: it is walked (PDE 1023, empty here), #PF, not #GP.
    public void TopOfTheFourGiBSpace_IsWalked() =>
        Assert.Equal(new HardwareFault("#PF", 0x4), Translate(Model.NewAddressSpace(), uint.MaxValue).Fault);

    [Fact] // A page directory or page table outside memory: the model's stand-in for a machine check, #MC, not a page fault.
    public void TableOutsideMemory_IsAMachineCheck()
    {
        var mm = Model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x55), VmFlags.Read);
        SetPde(mm, 0x1000, 0x7000 | 0x67);
        Assert.Equal(new HardwareFault("#MC", 0), Translate(mm, 0x1000).Fault);
        mm.Pgd = 0x8000;
        Assert.Equal(new HardwareFault("#MC", 0), Translate(mm, 0x1000).Fault);
    }
}
