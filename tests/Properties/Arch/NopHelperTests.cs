using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Arch;

/// <summary>The generic models: the nop headers' folding rules (include/asm-generic/pgtable-nop4d.h, -nopud.h, -nopmd.h) with RISC-V's entry helpers.</summary>
public sealed class NopHelperTests
{
    [Fact] // pgtable-nopmd.h: p4d_offset, pud_offset and pmd_offset return their argument.
    public void TwoLevel_FoldedOffsetsReturnTheirArgument()
    {
        var model = ModelCatalogue.Generic2Level;
        var mm = model.NewAddressSpace();
        var cpu = new Cpu(mm.Memory);
        var addr = new VirtualAddress(0xc040_0000);
        var p = model.Arch.PgdOffset(cpu, mm, addr);
        Assert.Equal(mm.Pgd + 0x301 * 8, p.Address);
        for (var level = Level.P4d; level <= Level.Pmd; level++)
        {
            var child = model.Arch.Offset(cpu, p, addr);
            Assert.Equal(new EntryPointer(level, p.Address), child);
            p = child;
        }
        Assert.Equal(0, cpu.Loads);
    }

    [Fact] // nop headers: the parent of a folded level has none = 0, present = 1, bad = 0; the lowest merged level checks.
    public void ThreeLevel_PgdAndP4dAreVacuous_PudIsReal()
    {
        var arch = ModelCatalogue.Generic3Level.Arch;
        var zero = new Entry(Level.Pgd, 0);
        Assert.False(arch.None(zero));
        Assert.True(arch.Present(zero));
        Assert.False(arch.None(zero.As(Level.P4d)));
        Assert.True(arch.None(zero.As(Level.Pud)));
        Assert.True(arch.Bad(zero.As(Level.Pud)));
    }

    [Fact] // riscv pmd_leaf: present and any of R, W, X; 5.8 pmd_bad is !pmd_present, so a leaf is not bad.
    public void ThreeLevel_HugePmd_IsLeafNotBad()
    {
        var arch = ModelCatalogue.Generic3Level.Arch;
        var pmd = arch.MakeLeaf(new PageSize(Level.Pmd, 1UL << 21, 12), new Pfn(0x200), VmFlags.Read);
        Assert.True(arch.Leaf(pmd));
        Assert.False(arch.Bad(pmd));
        Assert.Equal(new Pfn(0x200), arch.Pfn(pmd));
    }

    [Fact] // riscv pmd_populate: (pfn << _PAGE_PFN_SHIFT) | _PAGE_TABLE.
    public void TableEntry_HasPfnAtBit10AndOnlyPresent()
    {
        Assert.Equal((0x12345UL << 10) | 1, ModelCatalogue.Generic4Level.Arch.TableEntry(Level.Pud, 0x1234_5000).Raw);
    }

    [Fact] // the 2-level model has no huge leaves: only 4 KiB mappings.
    public void TwoLevel_RejectsHugeMappings()
    {
        var mm = ModelCatalogue.Generic2Level.NewAddressSpace();
        Assert.Throws<ArgumentException>(() => mm.Map(new VirtualAddress(0), new Pfn(0), new PageSize(Level.Pmd, 1UL << 21, 12)));
    }
}
