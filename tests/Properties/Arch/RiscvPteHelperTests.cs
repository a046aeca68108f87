using PgtableInvariants.Arch;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Architectures.Riscv;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Arch;

/// <summary>riscv64 entry helpers of arch/riscv/include/asm/pgtable.h and pgtable-bits.h: the privileged specification's
/// V, R, W, X, U, G, A, D bits and Linux's software bits, as the helpers test and set them.</summary>
public sealed class RiscvPteHelperTests
{
    private const ulong V = 1, R = 2, W = 4, X = 8, U = 0x10, G = 0x20, A = 0x40, D = 0x80, Special = 0x100;

    /// <summary>The catalogue model's helpers built afresh, so that what the constructor computes is under test.</summary>
    private static IArchitecture Arch(string name)
    {
        var arch = (RiscvArchitecture)ModelCatalogue.Find(name)!.Arch;
        return new RiscvArchitecture(arch.Mode, arch.Era);
    }

    private static Entry E(Level level, ulong raw) => new(level, raw);

    [Fact] // The first riscv era modelled is 5.18 (Sv57 support); no helpers exist before it.
    public void Constructor_RefusesAnEraBeforeTheFirst()
    {
        var e = Assert.Throws<ArgumentException>(() => new RiscvArchitecture(RiscvSatpMode.Sv48, KernelEra.V5_9));
        Assert.Equal("v5.9 is older than riscv's first helper era v5.18", Guard.Problem(e));
        Assert.Equal(KernelEra.V6_1, new RiscvArchitecture(RiscvSatpMode.Sv48, KernelEra.V6_8).Era);
    }

    [Theory] // arch_hugetlb_valid_size: PMD_SIZE and PUD_SIZE in every mode; leaf helpers (THP) for ptes and pmds only.
    [InlineData("riscv/sv39@v6.12")]
    [InlineData("riscv/sv48@v6.1")]
    [InlineData("riscv/sv57@v5.18")]
    public void HugeSizes_AreTwoMegAndOneGig_WithLeafHelpersUpToThePmd(string name)
    {
        var arch = Arch(name);
        Assert.Equal([1UL << 21, 1UL << 30], arch.HugeSizes.Select(s => s.Bytes));
        Assert.True(arch.HasLeafHelpers(Level.Pmd));
        Assert.False(arch.HasLeafHelpers(Level.Pud));
    }

    [Fact] // A 44-bit PPN: the largest pfn is 2^44 - 1, physical addresses reach 2^56; page tables stay below 2^52.
    public void PhysicalReach_IsTheFortyFourBitPpn()
    {
        var arch = Arch("riscv/sv48@v6.12");
        Assert.Equal(new Pfn((1UL << 44) - 1), arch.MaxPfn);
        Assert.Equal(56, arch.PhysicalAddressBits);
        Assert.Equal(52, arch.PageTableMemoryBits);
    }

    [Fact] // pte_present: V or _PAGE_PROT_NONE (G); pmd_present also a leaf without V (pmd_mkinvalid); pud_present V alone.
    public void Present_PteCountsProtNone_PmdAlsoAnInvalidatedLeaf_PudOnlyV()
    {
        var arch = Arch("riscv/sv57@v6.12");
        Assert.True(arch.Present(E(Level.Pte, G)));
        Assert.True(arch.Present(E(Level.Pte, V)));
        Assert.False(arch.Present(E(Level.Pte, R | W | X | U | A | D)));
        Assert.True(arch.Present(E(Level.Pmd, X)));
        Assert.True(arch.Present(E(Level.Pmd, G)));
        Assert.False(arch.Present(E(Level.Pmd, U | A | D)));
        Assert.False(arch.Present(E(Level.Pud, G | R)));
        Assert.True(arch.Present(E(Level.Pud, V)));
        Assert.False(arch.None(E(Level.Pud, G)));
    }

    [Fact] // pmd_bad = !pmd_present || leaf; p4d_bad and pgd_bad (real in Sv57) are !present.
    public void Bad_PmdRejectsLeavesAndHoles_UpperLevelsOnlyHoles()
    {
        var arch = Arch("riscv/sv57@v6.12");
        Assert.False(arch.Bad(E(Level.Pmd, (0x1234UL << 10) | V)));
        Assert.True(arch.Bad(E(Level.Pmd, (0x1234UL << 10) | V | X)));
        Assert.True(arch.Bad(E(Level.Pmd, 0x1234UL << 10)));
        Assert.False(arch.Bad(E(Level.P4d, (0x1234UL << 10) | V | R)));
        Assert.True(arch.Bad(E(Level.Pgd, (0x1234UL << 10) | R)));
    }

    [Fact] // pmd_leaf, pud_leaf: present and any of R, W, X; a pte is no leaf to these helpers.
    public void Leaf_IsPresentWithAnyOfRWX()
    {
        var arch = Arch("riscv/sv48@v6.12");
        Assert.True(arch.Leaf(E(Level.Pmd, V | W)));
        Assert.True(arch.Leaf(E(Level.Pud, V | X)));
        Assert.False(arch.Leaf(E(Level.Pmd, V | U | A)));
        Assert.False(arch.Leaf(E(Level.Pud, R | U | A)));
        Assert.False(arch.Leaf(E(Level.Pte, V | R)));
    }

    [Fact] // pte_write W, pte_young A, pte_dirty D, pte_special _PAGE_SPECIAL (RSW bit 8, a pte helper only).
    public void Predicates_AreTheirBits()
    {
        var arch = Arch("riscv/sv39@v6.12");
        Assert.True(arch.Write(E(Level.Pte, W)));
        Assert.False(arch.Write(E(Level.Pte, V | R | X | U | A | D)));
        Assert.True(arch.Young(E(Level.Pte, A)));
        Assert.False(arch.Young(E(Level.Pte, V | R | W | D)));
        Assert.True(arch.Dirty(E(Level.Pte, D)));
        Assert.False(arch.Dirty(E(Level.Pte, V | R | W | A)));
        Assert.True(arch.Special(E(Level.Pte, V | Special)));
        Assert.False(arch.Special(E(Level.Pte, V | R)));
        Assert.False(arch.Special(E(Level.Pmd, V | R | Special)));
    }

    [Fact] // pte_protnone and pmd_protnone: _PAGE_PROT_NONE (G) without V; no pud_protnone.
    public void ProtNone_IsGlobalWithoutValid()
    {
        var arch = Arch("riscv/sv39@v6.1");
        Assert.True(arch.ProtNone(E(Level.Pte, G | R)));
        Assert.True(arch.ProtNone(E(Level.Pmd, G | R)));
        Assert.False(arch.ProtNone(E(Level.Pte, G | R | V)));
        Assert.False(arch.ProtNone(E(Level.Pte, R)));
        Assert.False(arch.ProtNone(E(Level.Pud, G | R)));
    }

    [Fact] // pte_mkyoung/mkold A, pte_mkdirty/mkclean D, pte_mkwrite W alone (R is not added), pte_wrprotect clears W;
           // pmd_mkhuge is the identity (R, W, X make the leaf).
    public void Makers_SetAndClearTheirBits()
    {
        var arch = Arch("riscv/sv39@v6.12");
        var pte = E(Level.Pte, V | U);
        Assert.Equal(E(Level.Pte, V | U | A), arch.MkYoung(pte));
        Assert.Equal(pte, arch.MkOld(E(Level.Pte, V | U | A)));
        Assert.Equal(E(Level.Pte, V | U | D), arch.MkDirty(pte));
        Assert.Equal(pte, arch.MkClean(E(Level.Pte, V | U | D)));
        Assert.Equal(E(Level.Pte, V | U | W), arch.MkWrite(pte));
        Assert.Equal(pte, arch.Wrprotect(E(Level.Pte, V | U | W)));
        Assert.Equal(E(Level.Pmd, V | R), arch.MkHuge(E(Level.Pmd, V | R)));
    }

    [Fact] // pud_pfn cuts to PUD_MASK from 6.1; 5.18 has no pud_pfn, the leaf is read through its pte view.
    public void PudPfn_CutToTheGigapageFrom61()
    {
        var raw = (0x4_0123UL << 10) | V | R | U | A;
        Assert.Equal(new Pfn(0x4_0000), Arch("riscv/sv39@v6.1").Pfn(E(Level.Pud, raw)));
        Assert.Equal(new Pfn(0x4_0123), Arch("riscv/sv39@v5.18").Pfn(E(Level.Pud, raw)));
        Assert.Equal(new Pfn(0x4_0123), Arch("riscv/sv39@v6.1").Pfn(E(Level.Pte, raw)));
    }
}
