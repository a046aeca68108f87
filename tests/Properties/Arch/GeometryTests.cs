using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Levels;

namespace PgtableInvariants.Properties.Arch;

/// <summary>A geometry is built only as include/linux/pgtable.h lets it compile, and each level derives index, size
/// and name from its SHIFT and PTRS_PER.</summary>
public sealed class GeometryTests
{
    /// <summary>x86-64 4-level: p4d folded by pgtable-nop4d.h, the others real.</summary>
    private static Geometry FourLevel(
        (int Shift, int PtrsPer, FoldKind Fold)? pgd = null, (int Shift, int PtrsPer, FoldKind Fold)? p4d = null,
        int ptrsPerPte = 512) =>
        Geometry.Create(pgd ?? (39, 512, FoldKind.None), p4d ?? (39, 1, FoldKind.Static), (30, 512, FoldKind.None),
            (21, 512, FoldKind.None), ptrsPerPte, pageShift: 12);

    [Fact]
    public void Create_CountsTheLevelsThatAreNotFolded()
    {
        Assert.Equal(4, FourLevel().RealLevels);
        Assert.Equal(2, Geometry.Create((22, 1024, FoldKind.None), (22, 1, FoldKind.Static), (22, 1, FoldKind.Static), (22, 1, FoldKind.Static), 1024, pageShift: 12).RealLevels);
    }

    [Fact]
    public void Create_RefusesAFoldedPgd() =>
        Assert.Equal("pgd cannot be folded",
            Assert.Throws<InvalidOperationException>(() => FourLevel(pgd: (39, 1, FoldKind.Static))).Message);

    [Theory] // sizeof(pte_t): 4 bytes on i386 without PAE, 8 everywhere else.
    [InlineData(2)]
    [InlineData(6)]
    public void Create_RefusesAnEntrySizeOtherThanFourOrEight(int entrySize) =>
        Assert.Equal($"entrySize: entries are 4 or 8 bytes, not {entrySize} (Parameter 'entrySize')",
            Assert.Throws<ArgumentException>(() => Geometry.Create((39, 512, FoldKind.None), (39, 1, FoldKind.Static),
                (30, 512, FoldKind.None), (21, 512, FoldKind.None), 512, pageShift: 12, entrySize)).Message);

    [Theory]
    [InlineData(0)]
    [InlineData(-512)]
    [InlineData(500)]
    public void Create_RefusesAPtrsPerThatIsNotAPowerOfTwo(int ptrsPerPte) =>
        Assert.Equal("pte: PTRS_PER must be a power of two",
            Assert.Throws<InvalidOperationException>(() => FourLevel(ptrsPerPte: ptrsPerPte)).Message);

    [Fact] // pgtable-nop4d.h: #define PTRS_PER_P4D 1
    public void Create_RefusesAStaticallyFoldedLevelWithMoreThanOnePointer() =>
        Assert.Equal("p4d: a statically folded level has PTRS_PER 1",
            Assert.Throws<InvalidOperationException>(() => FourLevel(p4d: (39, 512, FoldKind.Static))).Message);

    [Fact] // c65e774fb3f6: the LA57 kernel on a 4-level CPU keeps ptrs_per_p4d at 1 but may fold with 512.
    public void Create_AcceptsARuntimeFoldedLevelWithItsStaticPtrsPer() =>
        Assert.True(FourLevel(p4d: (39, 512, FoldKind.Runtime))[Level.P4d].IsFolded);

    [Fact] // pgtable-nop4d.h: #define P4D_SHIFT PGDIR_SHIFT
    public void Create_RefusesAStaticallyFoldedLevelWithAShiftOtherThanItsParents() =>
        Assert.Equal("p4d: a statically folded level has its parent's SHIFT",
            Assert.Throws<InvalidOperationException>(() => FourLevel(p4d: (48, 1, FoldKind.Static))).Message);

    [Fact] // A run-time fold is the geometry invariant's to judge (riscv kept P4D_SHIFT 39 in Sv39 until 71fc3621efc3).
    public void Create_LeavesARuntimeFoldedLevelsShiftToTheGeometryInvariant() =>
        Assert.Equal(48, FourLevel(p4d: (48, 512, FoldKind.Runtime))[Level.P4d].Shift);

    [Fact] // pud_index(addr) = (addr >> PUD_SHIFT) & (PTRS_PER_PUD - 1)
    public void Index_TakesTheBitsOfTheLevelOnly()
    {
        var pud = new LevelGeometry(Level.Pud, 30, 512, FoldKind.None);
        Assert.Equal(511, pud.Index(new VirtualAddress(0xffff_ffff_ffff_ffff)));
        Assert.Equal(3, pud.Index(new VirtualAddress((3UL << 30) | (1UL << 39) | 0x3fff_ffff)));
    }

    [Fact]
    public void Index_OnAStaticallyFoldedLevel_IsZero() =>
        Assert.Equal(0, new LevelGeometry(Level.P4d, 39, 1, FoldKind.Static).Index(new VirtualAddress(0xffff_ff80_0000_0000)));

    [Fact]
    public void ToString_NamesShiftPtrsPerAndFolding()
    {
        Assert.Equal("pud: SHIFT 30, PTRS_PER 512", new LevelGeometry(Level.Pud, 30, 512, FoldKind.None).ToString());
        Assert.Equal("p4d: SHIFT 39, PTRS_PER 1, folded (static)", new LevelGeometry(Level.P4d, 39, 1, FoldKind.Static).ToString());
        Assert.Equal("p4d: SHIFT 39, PTRS_PER 512, folded (runtime)", new LevelGeometry(Level.P4d, 39, 512, FoldKind.Runtime).ToString());
    }

    [Fact]
    public void Levels_HaveTheKernelsNamesTopDown() =>
        Assert.Equal(["pgd", "p4d", "pud", "pmd", "pte"], LevelExtensions.TopDown.Select(l => l.Name()));

    [Fact]
    public void Child_AndParent_AreTheNeighbouringLevels()
    {
        Assert.Equal(Level.P4d, Level.Pgd.Child());
        Assert.Equal(Level.Pte, Level.Pmd.Child());
        Assert.Equal(Level.Pmd, Level.Pte.Parent());
        Assert.Equal(Level.Pgd, Level.P4d.Parent());
    }

    [Fact]
    public void Child_OfPte_AndParent_OfPgd_AreRefused()
    {
        Assert.Equal("level: pte has no child level (Parameter 'level')", Assert.Throws<ArgumentException>(() => Level.Pte.Child()).Message);
        Assert.Equal("level: pgd has no parent level (Parameter 'level')", Assert.Throws<ArgumentException>(() => Level.Pgd.Parent()).Message);
    }
}
