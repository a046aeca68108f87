using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Architectures.X86;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using static PgtableInvariants.Properties.Arch.TableSlots;

namespace PgtableInvariants.Properties.Arch;

/// <summary>PAE paging as the Intel SDM vol. 3A §4.4 states it: four PDPTEs loaded with CR3, then a PD and a PT of
/// 8-byte entries, on tables the i386 PAE helpers build and on entries written by hand. Error codes: P 1, W/R 2,
/// U/S 4, RSVD 8.</summary>
public sealed class X86PaeMmuTests
{
    private static readonly Model Model = ModelCatalogue.I386Pae;

    private static Translation Translate(AddressSpace mm, ulong va, Access access = Access.Read, bool nxe = true) =>
        new X86PaeMmu(44, nxe).Translate(new Cpu(mm.Memory), mm, new VirtualAddress(va), access);

    [Fact]
    public void FourKiBAndTwoMiBPages_Translate()
    {
        var mm = Model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x40_3000), new Pfn(0xabcd_1234), VmFlags.Read);
        mm.Map(new VirtualAddress(0x4000_0000), new Pfn(0x200), new PageSize(Level.Pmd, 2UL << 20, 12), VmFlags.Read | VmFlags.Write);
        Assert.Equal(new Pfn(0xabcd_1234), Translate(mm, 0x40_3abc).Pfn);
        Assert.Equal(new HardwareFault("#PF", 0x7), Translate(mm, 0x40_3000, Access.Write).Fault);
        Assert.Equal(new Pfn(0x200 + 0x1ff), Translate(mm, 0x401f_f000, Access.Write).Pfn);
    }

    [Fact] // A not-present PDPTE maps nothing: #PF without P (Linux never leaves one: pgd_alloc prepopulates all four).
    public void NotPresentPdpte_IsPageFault()
    {
        var mm = Model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x55), VmFlags.Read);
        mm.Map(new VirtualAddress(0x8000_0000), new Pfn(0x66), VmFlags.Read);
        Assert.Equal(new Pfn(0x66), Translate(mm, 0x8000_0000).Pfn);
        ChangeRaw(mm, SlotOf(mm, 0x8000_0000, Level.Pgd), _ => 0);
        Assert.Equal(new HardwareFault("#PF", 0x4), Translate(mm, 0x8000_0000).Fault);
        Assert.Equal(new Pfn(0x55), Translate(mm, 0x1000).Pfn);
    }

    [Fact] // §4.4.1: R/W and U/S are reserved in a PDPTE. Had pud_populate written x86-64's _PAGE_TABLE, loading CR3 would
           // raise #GP(0), whatever address is then accessed.
    public void PdpteWithPageTableBits_FailsTheCr3Load()
    {
        var mm = Model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x55), VmFlags.Read);
        var pdptep = SlotOf(mm, 0x4000_0000, Level.Pgd);
        ChangeRaw(mm, pdptep, _ => 0x7000_0000 | X86Bits.PageTable);
        Assert.Equal(new HardwareFault("#GP", 0), Translate(mm, 0x1000).Fault);
        ChangeRaw(mm, pdptep, _ => 0x7000_0000 | X86Bits.Present);
        Assert.Equal(new Pfn(0x55), Translate(mm, 0x1000).Pfn);
    }

    [Fact] // Bits 62:MAXPHYADDR of a PTE, and bits 20:13 of a 2 MiB PDE, are reserved: #PF with P and RSVD.
    public void ReservedBitsInPteAndLargePde_FaultWithRsvd()
    {
        var mm = Model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x55), VmFlags.Read);
        mm.Map(new VirtualAddress(0x20_0000), new Pfn(0x400), new PageSize(Level.Pmd, 2UL << 20, 12), VmFlags.Read);
        var ptep = SlotOf(mm, 0x1000, Level.Pte);
        ChangeRaw(mm, ptep, _ => (1UL << 44) | 0x55025);
        Assert.Equal(new HardwareFault("#PF", 0xd), Translate(mm, 0x1000).Fault);
        var pmdp = SlotOf(mm, 0x20_0000, Level.Pmd);
        ChangeRaw(mm, pmdp, _ => 0x40_0000 | (1UL << 13) | 0xa5);
        Assert.Equal(new HardwareFault("#PF", 0xd), Translate(mm, 0x20_0000).Fault);
    }

    [Fact] // XD (bit 63) is a permission with IA32_EFER.NXE and a reserved bit without it.
    public void NxBit_IsReservedWithoutNxe()
    {
        var mm = Model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x55), VmFlags.Read);
        Assert.Equal(new Pfn(0x55), Translate(mm, 0x1000).Pfn);
        Assert.Equal(new HardwareFault("#PF", 0xd), Translate(mm, 0x1000, nxe: false).Fault);
    }

    [Fact] // The last byte below 4 GiB is still a linear address: it is walked through PDPTE 3, #PF, not #GP.
    public void TopOfTheFourGiBSpace_IsWalked() =>
        Assert.Equal(new HardwareFault("#PF", 0x4), Translate(Model.NewAddressSpace(), uint.MaxValue).Fault);

    [Fact] // A linear address has 32 bits: one above is beyond a flat user segment's limit, #GP(0), before any walk.
    public void AddressAboveFourGiB_IsAGeneralProtectionFault()
    {
        var mm = Model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x55), VmFlags.Read);
        Assert.Equal(new HardwareFault("#GP", 0), Translate(mm, (1UL << 32) + 0x1000).Fault);
    }

    [Fact] // §4.4.1: a PDPTE's reserved bits count only when it is present; bit 44 (MAXPHYADDR 44) is reserved in a present
           // one, which fails the CR3 load.
    public void PdpteReservedBits_CountOnlyWhenPresent()
    {
        var mm = Model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x55), VmFlags.Read);
        var pdptep = SlotOf(mm, 0x4000_0000, Level.Pgd);
        ChangeRaw(mm, pdptep, _ => 0x7000_0000 | 0x6);
        Assert.Equal(new Pfn(0x55), Translate(mm, 0x1000).Pfn);
        ChangeRaw(mm, pdptep, _ => (1UL << 44) | 0x7000_0000 | X86Bits.Present);
        Assert.Equal(new HardwareFault("#GP", 0), Translate(mm, 0x1000).Fault);
    }

    [Fact] // §4.4.2: bits 62:MAXPHYADDR of a PDE that references a page table are reserved as well: #PF with P and RSVD.
    public void ReservedBitInATablePde_FaultsWithRsvd()
    {
        var mm = Model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x55), VmFlags.Read);
        ChangeRaw(mm, SlotOf(mm, 0x1000, Level.Pmd), e => e | (1UL << 44));
        Assert.Equal(new HardwareFault("#PF", 0xd), Translate(mm, 0x1000).Fault);
    }

    [Fact] // A PDPT or a page directory outside memory: the model's stand-in for a machine check, #MC, not a page fault.
    public void TableOutsideMemory_IsAMachineCheck()
    {
        var mm = Model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x55), VmFlags.Read);
        ChangeRaw(mm, SlotOf(mm, 0x1000, Level.Pmd), e => (e & 0xfff) | 0x7000);
        Assert.Equal(new HardwareFault("#MC", 0), Translate(mm, 0x1000).Fault);
        ChangeRaw(mm, SlotOf(mm, 0x1000, Level.Pgd), e => (e & 0xfff) | 0x7000);
        Assert.Equal(new HardwareFault("#MC", 0), Translate(mm, 0x1000).Fault);
        mm.Pgd = 0x8000;
        Assert.Equal(new HardwareFault("#MC", 0), Translate(mm, 0x1000).Fault);
    }
}
