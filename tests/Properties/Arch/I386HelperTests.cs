using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Architectures.X86;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Arch;

/// <summary>The i386 models: x86's helpers on 4-byte entries folded by pgtable-nopmd.h, and on PAE's 8-byte entries
/// folded by pgtable-nopud.h (arch/x86/include/asm/pgtable-2level*.h, pgtable-3level*.h, page_32_types.h).</summary>
public sealed class I386HelperTests
{
    private static readonly Model TwoLevel = ModelCatalogue.I386TwoLevel;
    private static readonly Model Pae = ModelCatalogue.I386Pae;

    [Fact] // pgtable-nopmd.h: p4d_offset, pud_offset and pmd_offset return their argument, a 4-byte pgd_t pointer.
    public void TwoLevel_FoldedOffsetsReturnTheirArgument()
    {
        var mm = TwoLevel.NewAddressSpace();
        var cpu = new Cpu(mm.Memory);
        var addr = new VirtualAddress(0xc040_0000);
        var p = TwoLevel.Arch.PgdOffset(cpu, mm, addr);
        Assert.Equal(mm.Pgd + 0x301 * 4, p.Address);
        for (var level = Level.P4d; level <= Level.Pmd; level++)
        {
            var child = TwoLevel.Arch.Offset(cpu, p, addr);
            Assert.Equal(new EntryPointer(level, p.Address, 4), child);
            p = child;
        }
        Assert.Equal(0, cpu.Loads);
    }

    [Fact] // sizeof(pte_t) is 4: ptep++ moves 4 bytes and *ptep reads the next page's pte, not half of two.
    public void TwoLevel_PteIncrement_MovesFourBytesAndLoadsTheNextPte()
    {
        var mm = TwoLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x11), VmFlags.Read);
        mm.Map(new VirtualAddress(0x2000), new Pfn(0x22), VmFlags.Read);
        var cpu = new Cpu(mm.Memory);
        var pmdp = TwoLevel.Arch.Offset(cpu, TwoLevel.Arch.Offset(cpu, TwoLevel.Arch.Offset(cpu, TwoLevel.Arch.PgdOffset(cpu, mm, new VirtualAddress(0x1000)), default), default), default);
        var ptep = TwoLevel.Arch.Offset(cpu, pmdp, new VirtualAddress(0x1000));
        ptep++;
        Assert.Equal(new Pfn(0x22), TwoLevel.Arch.Pfn(cpu.Load(ptep)));
        Assert.Equal(0x2000UL >> 12 << 2, ptep.Address & 0xfff);
    }

    [Fact] // A 4-byte table holds 32 bits: a store keeps the low half, as a C store of a u32 pte_t does.
    public void TwoLevel_StoreKeepsThirtyTwoBits()
    {
        var mm = TwoLevel.NewAddressSpace();
        var cpu = new Cpu(mm.Memory);
        var pgdp = TwoLevel.Arch.PgdOffset(cpu, mm, new VirtualAddress(0));
        cpu.Store(pgdp, new Entry(Level.Pgd, 0x1_2345_6067));
        Assert.Equal(0x2345_6067UL, cpu.Load(pgdp).Raw);
        Assert.Equal(0UL, cpu.Load(pgdp + 1).Raw);
    }

    [Fact] // A walker's copy of a pte_t on an i386 stack is 4 bytes: the caller's copy sits 4 bytes above.
    public void TwoLevel_StackCopiesAreFourBytesApart()
    {
        var memory = TwoLevel.NewAddressSpace().Memory;
        var first = memory.Stack.Push(new Entry(Level.Pgd, 0x67), "gup_pgd_range");
        var second = memory.Stack.Push(new Entry(Level.Pgd, 0x67), "gup_p4d_range");
        Assert.Equal(first.Address.Address - 4, second.Address.Address);
        Assert.Equal(4, second.Address.EntrySize);
    }

    [Fact] // THREAD_SIZE is 8 KiB on i386 (page_32_types.h): STACK_END_MAGIC lies 8 KiB below the stack's top, the guard
           // page below it.
    public void Stack_EndsEightKiBBelowTheTop()
    {
        var memory = TwoLevel.NewAddressSpace().Memory;
        var cpu = new Cpu(memory);
        Assert.Equal(SimulatedStack.StackEndMagic, cpu.Load(new EntryPointer(Level.Pte, memory.StackTop - 8192, 4)).Raw);
        Assert.Null(cpu.Fault);
        cpu.Load(new EntryPointer(Level.Pte, memory.StackTop - 8196, 4));
        Assert.Equal(FaultKind.Unmapped, cpu.Fault!.Kind);
    }

    [Fact] // pmd_populate: __pa(pte) | _PAGE_TABLE; PAE pud_populate (arch/x86/mm/pgtable.c): __pa(pmd) | _PAGE_PRESENT.
    public void Populate_WritesPageTable_ButAPdpteGetsPresentAlone()
    {
        Assert.Equal(0xc000_1067UL, TwoLevel.Arch.TableEntry(Level.Pmd, 0xc000_1000).Raw);
        Assert.Equal(0xc000_1067UL, Pae.Arch.TableEntry(Level.Pmd, 0xc000_1000).Raw);
        Assert.Equal(0xc000_1001UL, Pae.Arch.TableEntry(Level.Pud, 0xc000_1000).Raw);
        Assert.False(Pae.Arch.Bad(new Entry(Level.Pud, 0xc000_1001)));
        Assert.True(Pae.Arch.Present(new Entry(Level.Pud, 0xc000_1001)));
    }

    [Fact] // PAE pgd_alloc -> pgd_prepopulate_pmd: a new mm's four PDPTEs already point to pmd tables, __pa(pmd) | PRESENT.
    public void PaeMm_StartsWithFourPdptesPresent()
    {
        var mm = Pae.NewAddressSpace();
        var pgd = mm.Memory.TableAt(mm.Pgd)!;
        Assert.Equal(32UL, pgd.Bytes);
        Assert.All(Enumerable.Range(0, 4), i =>
        {
            Assert.Equal(1UL, pgd.Peek(i) & 0xfff);
            Assert.Equal(Level.Pmd, mm.Memory.TableAt(pgd.Peek(i) & ~0xfffUL)!.Level);
        });
        var flat = TwoLevel.NewAddressSpace();
        Assert.Equal(0UL, flat.Memory.TableAt(flat.Pgd)!.Peek(0));
    }

    [Fact] // _PAGE_NX is 0 without PAE and bit 63 with it (pgtable_types.h); PAGE_READONLY has it.
    public void ReadOnlyPte_HasNxOnlyWithPae()
    {
        Assert.Equal(0x1234_025UL, TwoLevel.Arch.PfnEntry(Level.Pte, new Pfn(0x1234), VmFlags.Read).Raw);
        Assert.Equal(X86Bits.Nx | 0x1234_025UL, Pae.Arch.PfnEntry(Level.Pte, new Pfn(0x1234), VmFlags.Read).Raw);
    }

    [Fact] // pgtable-2level.h protnone_mask is 0: a PAGE_NONE pte keeps its frame; PAE inverts it (pgtable-invert.h).
    public void ProtNonePte_IsInvertedOnlyWithPae()
    {
        var none2 = TwoLevel.Arch.PfnEntry(Level.Pte, new Pfn(0x1234), VmFlags.None);
        var nonePae = Pae.Arch.PfnEntry(Level.Pte, new Pfn(0x1234), VmFlags.None);
        Assert.Equal(0x1234_000UL, none2.Raw & X86Bits.PtePfnMask32);
        Assert.NotEqual(0x1234_000UL, nonePae.Raw & X86Bits.PtePfnMask);
        Assert.Equal(new Pfn(0x1234), TwoLevel.Arch.Pfn(none2));
        Assert.Equal(new Pfn(0x1234), Pae.Arch.Pfn(nonePae));
    }

    [Fact] // 4 MiB PSE leaves in the pgd without PAE, 2 MiB in the pmd with it; no pud leaves on 32-bit.
    public void HugeSizes_AreThePseSizes()
    {
        Assert.Equal([4UL << 20], TwoLevel.Arch.HugeSizes.Select(s => s.Bytes));
        Assert.Equal([2UL << 20], Pae.Arch.HugeSizes.Select(s => s.Bytes));
    }

    [Fact] // 6.12: on i386 _PAGE_SAVED_DIRTY is SOFTW2, bit 10 (pgtable_types.h 6.12:42-45), not x86-64's bit 58.
    public void V6_12_Wrprotect_MovesDirtyToBit10()
    {
        var arch = ModelCatalogue.For("i386/2level", KernelEra.V6_12)!.Arch;
        var pte = arch.MkDirty(arch.PfnEntry(Level.Pte, new Pfn(1), VmFlags.Read | VmFlags.Write | VmFlags.Shared));
        var wp = arch.Wrprotect(pte);
        Assert.Equal(X86Bits.Softw2, wp.Raw & (X86Bits.Softw2 | X86Bits.Dirty));
        Assert.True(arch.Dirty(wp));
        Assert.True(wp.Raw <= uint.MaxValue);
    }

    [Fact] // TASK_SIZE is __PAGE_OFFSET, 0xc0000000 with CONFIG_VMSPLIT_3G; gup_fast_permitted is mm/gup.c's "always".
    public void TaskSize_IsThePageOffset()
    {
        Assert.Equal(0xc000_0000UL, TwoLevel.Reach);
        Assert.Equal(0xc000_0000UL, Pae.Reach);
    }

    [Fact] // page_32_types.h: __PHYSICAL_MASK_SHIFT is 32 without PAE and 52 with it, but a pfn is an unsigned long: with PAE
           // pte_pfn of a frame above 2^44 loses its top bits, and page tables come from lowmem below 4 GiB either way.
    public void PhysicalReach_Is32BitsOr44WithPae_AndPfnsAreUnsignedLongs()
    {
        Assert.Equal((32, 32, 0xf_ffffUL), (TwoLevel.Arch.PhysicalAddressBits, TwoLevel.Arch.PageTableMemoryBits, TwoLevel.Arch.MaxPfn.Value));
        Assert.Equal((44, 32, 0xffff_ffffUL), (Pae.Arch.PhysicalAddressBits, Pae.Arch.PageTableMemoryBits, Pae.Arch.MaxPfn.Value));
        Assert.Equal((52, 52), (ModelCatalogue.X86FourLevel.Arch.PhysicalAddressBits, ModelCatalogue.X86FourLevel.Arch.PageTableMemoryBits));
        Assert.Equal(new Pfn(1), Pae.Arch.Pfn(new Entry(Level.Pte, (1UL << 44) | 0x1000 | 0x25)));
        Assert.Equal(new Pfn(0x1_0000_0001), ModelCatalogue.X86FourLevel.Arch.Pfn(new Entry(Level.Pte, (1UL << 44) | 0x1000 | 0x25)));
    }

    [Fact] // x86 selects ARCH_HAS_PTE_DEVMAP only on X86_64, and i386_defconfig builds no THP, so 6.12's pmd_special and
           // pud_special are never true on i386 (pgtable.h 6.12:349-371).
    public void Devmap_AndHugeSpecial_DoNotExistOnI386()
    {
        var pae612 = ModelCatalogue.For("i386/pae", KernelEra.V6_12)!.Arch;
        Assert.False(Pae.Arch.Devmap(new Entry(Level.Pmd, (1UL << 58) | 0x1e7)));
        Assert.False(pae612.Devmap(new Entry(Level.Pmd, (1UL << 57) | 0x1e7)));
        Assert.False(pae612.Special(new Entry(Level.Pmd, 0x40_0000 | X86Bits.Special | 0xe7)));
        Assert.True(pae612.Special(new Entry(Level.Pte, 0x40_0000 | X86Bits.Special | 0x67)));
    }

    [Fact] // __VIRTUAL_MASK_SHIFT is 32 on i386; pgtable_32.h has no gup_fast_permitted, so mm/gup.c's fallback permits
           // every range, even one that ends above 4 GiB.
    public void GupFastPermitted_IsTheGenericAlways()
    {
        Assert.Equal(32, ((X86Architecture)TwoLevel.Arch).VirtualMaskShift);
        Assert.Equal(47, ((X86Architecture)ModelCatalogue.X86FourLevel.Arch).VirtualMaskShift);
        Assert.Equal(56, ((X86Architecture)ModelCatalogue.X86FiveLevel.Arch).VirtualMaskShift);
        var (two, pae) = (TwoLevel.NewAddressSpace(), Pae.NewAddressSpace());
        Assert.True(TwoLevel.Arch.GupFastPermitted(new Cpu(two.Memory), two, new(0), new(1UL << 40)));
        Assert.True(Pae.Arch.GupFastPermitted(new Cpu(pae.Memory), pae, new(0), new(ulong.MaxValue)));
    }

    [Theory] // With two levels the 4 MiB leaf is the pgd entry seen as a pmd: pud_large is 0 (pgtable.h 6.1:861-866) and 6.12's
             // generic pud_leaf false; pud_huge is 5.8's !!(pud & PSE), true, and 6.1's returns 0 with two levels
             // (arch/x86/mm/hugetlbpage.c 6.1:38-46).
    [InlineData("v5.8", true)]
    [InlineData("v6.1", false)]
    [InlineData("v6.12", false)]
    public void TwoLevel_PudOfAFourMiBLeaf_IsNoLeaf_AndHugeOnlyIn58(string era, bool huge)
    {
        var arch = ModelCatalogue.For("i386/2level", KernelEra.Find(era)!)!.Arch;
        var pud = new Entry(Level.Pud, 0x40_0000 | 0xe7);
        Assert.False(arch.Leaf(pud));
        Assert.Equal(huge, arch.Huge(pud));
        Assert.True(arch.Leaf(pud.As(Level.Pmd)));
        Assert.True(ModelCatalogue.For("i386/pae", KernelEra.Find(era)!)!.Arch.Huge(new Entry(Level.Pmd, 0x40_0000 | 0xe7)));
    }
}
