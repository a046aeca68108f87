using PgtableInvariants.Arch;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Arch;

/// <summary>The address-space builder: the fault path's <c>pXd_alloc</c> and <c>set_pXd</c>, the ground-truth record
/// beside the tables, and the refusals a user reads when a <c>--map</c> cannot be made (each in the user's words).</summary>
public sealed class AddressSpaceTests
{
    private static readonly Model X86 = ModelCatalogue.X86FourLevel;
    private const ulong M2 = 2UL << 20;

    private static string Refusal(Action map) => Guard.Problem(Assert.Throws<ArgumentException>(map));

    private static AddressSpace Mm(params (ulong Va, ulong Bytes)[] maps)
    {
        var mm = X86.NewAddressSpace();
        foreach (var (va, bytes) in maps)
            mm.Map(new VirtualAddress(va), new Pfn(va >> 12), bytes == M2 ? X86.Arch.Geometry.Leaf(Level.Pmd) : X86.Arch.Geometry.BasePage);
        return mm;
    }

    private static Translation Translate(AddressSpace mm, ulong va) =>
        X86.Mmu.Translate(new Cpu(mm.Memory), mm, new VirtualAddress(va), Access.Read);

    [Fact] // The slot holding an address at a level: through present tables only, never below a leaf.
    public void Slot_IsTheEntryOfTheAddressAtThatLevel_NullBelowALeafOrAHole()
    {
        var mm = Mm((0x1000, 0x1000), (M2, M2));
        var cpu = new Cpu(mm.Memory);

        var ptep = mm.Slot(new VirtualAddress(0x1000), Level.Pte)!.Value;
        Assert.Equal(new Pfn(1), X86.Arch.Pfn(cpu.Load(ptep)));
        Assert.Equal(Level.Pte, ptep.Level);
        var pmdp = mm.Slot(new VirtualAddress(M2 + 0x5000), Level.Pmd)!.Value;
        Assert.True(X86.Arch.Leaf(cpu.Load(pmdp)));
        Assert.Null(mm.Slot(new VirtualAddress(M2 + 0x5000), Level.Pte));
        Assert.Null(mm.Slot(new VirtualAddress(1UL << 40), Level.Pmd));
    }

    [Fact] // A mapping's frames become data of the memory, whether this CPU maps them or another CPU's store records
           // them (a fault-in, a copy on write): what a pointer into them points to is told.
    public void MappedAndRecordedFrames_BecomeDataOfTheMemory()
    {
        var mm = ModelCatalogue.X86FourLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(0x40_0000), new Pfn(0x1234), VmFlags.Read);
        mm.Record(new Mapping(new VirtualAddress(0x80_0000), new Pfn(0x5678), mm.Arch.Geometry.BasePage, VmFlags.Read));

        Assert.Equal(new Target.DataFrame(new Pfn(0x1234)), mm.Memory.Describe(0x123_4008));
        Assert.Equal(new Target.DataFrame(new Pfn(0x5678)), mm.Memory.Describe(0x567_8008));
        Assert.Equal(Target.Unmapped, mm.Memory.Describe(0x123_5008));
    }

    [Fact]
    public void Map_OfAHugeSizeTheConfigurationLacks_IsRefusedNamingTheSize()
    {
        var i386 = ModelCatalogue.I386TwoLevel;
        Assert.Equal($"{i386.Arch.Name} has no 1G leaf in this configuration",
            Refusal(() => i386.NewAddressSpace().Map(default, default, new PageSize(Level.Pud, 1UL << 30, 12))));
    }

    [Fact]
    public void Map_OfAMisalignedAddressOrPfn_IsRefusedNamingTheAlignment()
    {
        var huge = X86.Arch.Geometry.Leaf(Level.Pmd);
        Assert.Equal("0x201000 is not 2M-aligned", Refusal(() => Mm().Map(new VirtualAddress(0x20_1000), new Pfn(0x200), huge)));
        Assert.Equal("pfn 0x201 is not 2M-aligned", Refusal(() => Mm().Map(new VirtualAddress(0x20_0000), new Pfn(0x201), huge)));
    }

    [Fact] // x86-64 TASK_SIZE_MAX is 2^47 - PAGE_SIZE: the top user page stays unmapped (arch/x86/include/asm/page_64_types.h).
    public void Map_UpToTaskSizeMax_IsAccepted_AndOnePageMoreIsRefusedSayingWhereItEnds()
    {
        var mm = Mm();
        mm.Map(new VirtualAddress(0x7fff_ffff_e000), new Pfn(0x1000));
        Assert.Equal("0x7ffffffff000 (4K) ends at 0x800000000000, above TASK_SIZE_MAX 0x7ffffffff000",
            Refusal(() => mm.Map(new VirtualAddress(0x7fff_ffff_f000), new Pfn(0x1001))));
    }

    [Fact] // s390 with 5 levels: TASK_SIZE_MAX is -PAGE_SIZE, so the last page's end wraps to 0.
    public void Map_OfTheTopPage_IsRefusedAsEndingAtTheTopOfTheSpace()
    {
        var s390 = ModelCatalogue.S390FiveLevel;
        Assert.Equal("0xfffffffffffff000 (4K) ends at the top of the 64-bit space, above TASK_SIZE_MAX 0xfffffffffffff000",
            Refusal(() => s390.NewAddressSpace().Map(new VirtualAddress(0xffff_ffff_ffff_f000), new Pfn(1))));
    }

    [Fact] // x86-64 entries hold 40 pfn bits (PTE_PFN_MASK); the frames just below the largest one hold page tables.
    public void Map_OfFramesBeyondTheLargestPfn_IsRefused_WhileTheLargestIsRefusedAsPageTableMemory()
    {
        var huge = X86.Arch.Geometry.Leaf(Level.Pmd);
        Assert.Equal("pfn 0x10000000000 is beyond 0xffffffffff, the largest pfn x86-64's entries hold",
            Refusal(() => Mm().Map(new VirtualAddress(0x1000), new Pfn(0x100_0000_0000))));
        Assert.Equal("pfn 0x10000000000 + 2M is beyond 0xffffffffff, the largest pfn x86-64's entries hold",
            Refusal(() => Mm().Map(new VirtualAddress(0x20_0000), new Pfn(0x100_0000_0000), huge)));
        Assert.Equal("pfn 0xfffffffe00 + 512 frames overlaps pfn 0xff00000000-0xffffffffff, the frames of page tables and the kernel stack",
            Refusal(() => Mm().Map(new VirtualAddress(0x20_0000), new Pfn(0xff_ffff_fe00), huge)));
        Assert.Equal("pfn 0xffffffffff overlaps pfn 0xff00000000-0xffffffffff, the frames of page tables and the kernel stack",
            Refusal(() => Mm().Map(new VirtualAddress(0x1000), new Pfn(0xff_ffff_ffff))));
    }

    [Fact] // The record finds the highest mapping at or below an address and the lowest above it; either may overlap.
    public void Map_OverlappingTheMappingBelowOrAbove_IsRefusedNamingItAndItsPermissions()
    {
        var below = Mm((0x1000, 4096), (0x20_0000, M2), (0x80_0000, 4096));
        Assert.Equal("0x3ff000 (4K) overlaps the mapping 0x200000 (2M, rw-p)",
            Refusal(() => below.Map(new VirtualAddress(0x3f_f000), new Pfn(0x3ff))));

        var above = Mm((0x1000, 4096), (0x80_0000, 4096));
        above.Map(new VirtualAddress(0x50_0000), new Pfn(0x500), VmFlags.Read);
        Assert.Equal("0x400000 (2M) overlaps the mapping 0x500000 (4K, r--p)",
            Refusal(() => above.Map(new VirtualAddress(0x40_0000), new Pfn(0x400), X86.Arch.Geometry.Leaf(Level.Pmd))));
    }

    [Fact] // The mapping that starts exactly there is both the one at or below and the one at or above the address.
    public void Map_AtTheStartOfAMapping_IsRefusedNamingIt_FirstOrLaterInTheRecord()
    {
        var mm = Mm((0x1000, 4096), (0x20_0000, M2));
        Assert.Equal("0x1000 (4K) overlaps the mapping 0x1000 (4K, rw-p)",
            Refusal(() => mm.Map(new VirtualAddress(0x1000), new Pfn(0x1))));
        Assert.Equal("0x200000 (4K) overlaps the mapping 0x200000 (2M, rw-p)",
            Refusal(() => mm.Map(new VirtualAddress(0x20_0000), new Pfn(0x200))));
    }

    [Fact]
    public void Map_BetweenNeighboursThatEndAtItsStartAndBeginAtItsEnd_IsAccepted()
    {
        var mm = Mm((0x1f_f000, 4096), (0x40_0000, 4096));
        mm.Map(new VirtualAddress(0x20_0000), new Pfn(0x200), X86.Arch.Geometry.Leaf(Level.Pmd));
        Assert.Equal([0x1f_f000UL, 0x20_0000, 0x40_0000], mm.Mappings.Select(m => m.Va.Value));
    }

    [Fact]
    public void MappingAt_FindsTheMappingHoldingTheAddress_AndNothingInAHole()
    {
        var mm = Mm((0x1000, 4096), (0x20_0000, M2), (0x80_0000, 4096));
        Assert.Equal(0x20_0000UL, mm.MappingAt(new VirtualAddress(0x3f_ffff))!.Va.Value);
        Assert.Equal(0x1000UL, mm.MappingAt(new VirtualAddress(0x1fff))!.Va.Value);
        Assert.Null(mm.MappingAt(new VirtualAddress(0xfff)));
        Assert.Null(mm.MappingAt(new VirtualAddress(0x2000)));
        Assert.Null(mm.MappingAt(new VirtualAddress(0x40_0000)));
        Assert.Null(mm.MappingAt(new VirtualAddress(0x80_1000)));
        Assert.Null(Mm().MappingAt(new VirtualAddress(0x1000)));
    }

    [Fact] // zap_pte_range clears one pte; the page table and the neighbours it maps stay.
    public void Unmap_ClearsOnlyItsLeaf_AndKeepsTheTables()
    {
        var mm = Mm((0x1000, 4096), (0x2000, 4096), (0x20_0000, M2), (0x40_0000, M2));
        var tables = mm.Memory.Tables.Count;
        mm.Unmap(new VirtualAddress(0x1000));
        mm.Unmap(new VirtualAddress(0x20_0000));
        Assert.False(Translate(mm, 0x1000).IsMapped);
        Assert.False(Translate(mm, 0x20_0000).IsMapped);
        Assert.Equal(new Pfn(0x2), Translate(mm, 0x2000).Pfn);
        Assert.Equal(new Pfn(0x400), Translate(mm, 0x40_0000).Pfn);
        Assert.Equal(tables, mm.Memory.Tables.Count);
        Assert.Equal([0x2000UL, 0x40_0000], mm.Mappings.Select(m => m.Va.Value));
    }

    [Fact]
    public void Unmap_OfAnAddressNoMappingStartsAt_IsRefused()
    {
        var mm = Mm((0x20_0000, M2));
        Assert.Equal("no mapping starts at 0x201000", Refusal(() => mm.Unmap(new VirtualAddress(0x20_1000))));
        Assert.Equal("no mapping starts at 0x1000", Refusal(() => mm.Unmap(new VirtualAddress(0x1000))));
        Assert.Equal(new Pfn(0x201), Translate(mm, 0x20_1000).Pfn);
    }

    [Fact] // The tables and the record disagree only if something wrote the tables behind the builder's back.
    public void Map_UnderAHugeLeafOrOntoAFullSlotTheRecordDoesNotKnow_IsRefused()
    {
        var mm = Mm((0x8000_0000, 4096));
        var leaf = X86.Arch.MakeLeaf(X86.Arch.Geometry.Leaf(Level.Pud), new Pfn(0x4_0000), VmFlags.Read);
        new Cpu(mm.Memory).Store(PointerTo(mm, 0x4000_0000, Level.Pud), leaf);
        Assert.Equal($"0x40001000 lies under a huge {leaf}", Refusal(() => mm.Map(new VirtualAddress(0x4000_1000), new Pfn(1))));

        var pte = new Entry(Level.Pte, 0x5063);
        new Cpu(mm.Memory).Store(PointerTo(mm, 0x8000_1000, Level.Pte), pte);
        Assert.Equal("0x80001000: the pte slot holds pte 0x5063, not an empty entry", Refusal(() => mm.Map(new VirtualAddress(0x8000_1000), new Pfn(1))));
    }

    [Fact] // arch/x86/mm/pgtable.c pgd_alloc: with PAE the four pmd tables are allocated with the pgd (PREALLOCATED_PMDS).
    public void NewMm_OfPae_HasItsFourPmdTablesInThePgd_AndX86_64OnlyItsPgd()
    {
        var pae = ModelCatalogue.I386Pae.NewAddressSpace();
        var cpu = new Cpu(pae.Memory);
        Assert.Equal(5, pae.Memory.Tables.Count);
        Assert.All(Enumerable.Range(0, 4), i =>
        {
            var pud = cpu.Load(pae.Arch.Geometry.Pointer(Level.Pud, pae.Pgd) + i);
            Assert.True(pae.Arch.Present(pud));
            Assert.Equal(Level.Pmd, pae.Memory.Tables[i + 1].Level);
        });
        Assert.Null(cpu.Fault);
        Assert.Single(Mm().Memory.Tables);
    }

    private static EntryPointer PointerTo(AddressSpace mm, ulong address, Level level)
    {
        var cpu = new Cpu(mm.Memory);
        var va = new VirtualAddress(address);
        var p = X86.Arch.PgdOffset(cpu, mm, va);
        for (var l = Level.P4d; l <= level; l++)
            p = X86.Arch.Offset(cpu, p, va);
        return p;
    }
}
