using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using static PgtableInvariants.Properties.Arch.TableSlots;

namespace PgtableInvariants.Properties.Arch;

/// <summary>x86-64 4-level and 5-level paging as the Intel SDM vol. 3A §4.5 states it, on tables the x86-64 helpers build
/// and on entries changed by hand where Linux never writes them. Error codes: P 1, W/R 2, U/S 4, RSVD 8.</summary>
public sealed class X86MmuTests
{
    private static readonly Model FourLevel = ModelCatalogue.X86FourLevel;

    private static Translation Translate(Model model, AddressSpace mm, ulong va, Access access = Access.Read) =>
        model.Mmu.Translate(new Cpu(mm.Memory), mm, new VirtualAddress(va), access);

    private static HardwareFault PageFault(ulong error) => new("#PF", error);

    [Fact] // §4.5: an address whose bits 63:47 are all ones is canonical: a user access to the kernel half walks the tables
           // (and finds the kernel's half of the PML4 empty here), #PF, not #GP.
    public void CanonicalKernelHalfAddress_IsWalked_NotRefusedAsNonCanonical() =>
        Assert.Equal(PageFault(0x4), Translate(FourLevel, FourLevel.NewAddressSpace(), 0xffff_8000_0000_0000).Fault);

    [Theory] // §4.5, tables 4-14 to 4-17: bit 7 (PS) is reserved in a PML5 and a PML4 entry: #PF with P and RSVD.
    [InlineData("x86-64/4level", Level.Pgd)]
    [InlineData("x86-64/5level", Level.Pgd)]
    [InlineData("x86-64/5level", Level.P4d)]
    public void PsInPml5OrPml4Entry_IsReserved(string model, Level level)
    {
        var m = ModelCatalogue.Find(model)!;
        var mm = m.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x55), VmFlags.Read);
        ChangeRaw(mm, SlotOf(mm, 0x1000, level), e => e | 0x80);
        Assert.Equal(PageFault(0xd), Translate(m, mm, 0x1000).Fault);
    }

    [Theory] // §4.6: U/S and R/W are ANDed over every level, so a supervisor or read-only table entry above a user-writable
             // pte refuses a user access or a user write, with P set.
    [InlineData(Level.Pud, 0x4UL, Access.Read, 0x5UL)]
    [InlineData(Level.Pmd, 0x4UL, Access.Read, 0x5UL)]
    [InlineData(Level.Pud, 0x2UL, Access.Write, 0x7UL)]
    [InlineData(Level.Pmd, 0x2UL, Access.Write, 0x7UL)]
    public void SupervisorOrReadOnlyTableEntry_RefusesTheUserAccess(Level level, ulong bit, Access access, ulong error)
    {
        var mm = FourLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x55));
        Assert.Equal(new Pfn(0x55), Translate(FourLevel, mm, 0x1000, access).Pfn);
        ChangeRaw(mm, SlotOf(mm, 0x1000, level), e => e & ~bit);
        Assert.Equal(PageFault(error), Translate(FourLevel, mm, 0x1000, access).Fault);
    }

    [Theory] // §4.5, tables 4-16 and 4-18: a 1 GiB PDPTE's bits 29:13 and a 2 MiB PDE's bits 20:13 are reserved (#PF with P
             // and RSVD), while bit 12 of either is PAT and translates.
    [InlineData(Level.Pud, 1UL << 30, 1UL << 13, true)]
    [InlineData(Level.Pud, 1UL << 30, 1UL << 29, true)]
    [InlineData(Level.Pmd, 1UL << 21, 1UL << 20, true)]
    [InlineData(Level.Pmd, 1UL << 21, 1UL << 12, false)]
    [InlineData(Level.Pud, 1UL << 30, 1UL << 12, false)]
    public void ReservedBitsOfALargeLeaf_FaultWithRsvd_ButPatDoesNot(Level level, ulong size, ulong bit, bool reserved)
    {
        var mm = FourLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(size), new Pfn(0x4_0000), new PageSize(level, size, 12), VmFlags.Read);
        ChangeRaw(mm, SlotOf(mm, size, level), e => e | bit);
        var t = Translate(FourLevel, mm, size + 0x3000);
        if (reserved)
            Assert.Equal(PageFault(0xd), t.Fault);
        else
            Assert.Equal(new Pfn(0x4_0003), t.Pfn);
    }

    [Fact] // A table address outside memory: the model's stand-in for a machine check, #MC, not a page fault.
    public void TableOutsideMemory_IsAMachineCheck()
    {
        var mm = FourLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x55));
        ChangeRaw(mm, SlotOf(mm, 0x1000, Level.Pmd), e => (e & 0xfff) | 0x1000);
        Assert.Equal(new HardwareFault("#MC", 0), Translate(FourLevel, mm, 0x1000).Fault);
    }
}
