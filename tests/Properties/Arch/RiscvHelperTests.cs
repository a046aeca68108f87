using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Arch;

/// <summary>riscv64 helpers (arch/riscv/include/asm/pgtable*.h) of one 5-level kernel in the three <c>satp</c> modes, and
/// what 6.1 and 6.12 change.</summary>
public sealed class RiscvHelperTests
{
    private const ulong V = 1, R = 2, W = 4, X = 8, U = 0x10, G = 0x20, A = 0x40, D = 0x80;

    private static Model Model(string name) => Afresh.Model(name);

    private static IArchitecture Arch(string name) => Model(name).Arch;

    [Theory] // pgtable-64.h: PGDIR_SHIFT 30/39/48; P4D_SHIFT 39 until 71fc3621efc3, then 30 in Sv39; PUD 30, PMD 21; PTRS_PER 512.
    [InlineData("riscv/sv39@v5.18", 30, 39)]
    [InlineData("riscv/sv39@v6.1", 30, 30)]
    [InlineData("riscv/sv39@v6.12", 30, 30)]
    [InlineData("riscv/sv48@v5.18", 39, 39)]
    [InlineData("riscv/sv57@v6.12", 48, 39)]
    public void Shifts_FollowTheModeAndTheEra(string name, int pgdShift, int p4dShift)
    {
        var g = Arch(name).Geometry;
        Assert.Equal([pgdShift, p4dShift, 30, 21, 12], g.Levels.Select(l => l.Shift));
        Assert.All(g.Levels, l => Assert.Equal(512, l.PtrsPer));
    }

    [Theory] // TASK_SIZE_64 = PGDIR_SIZE * PTRS_PER_PGD / 2; the levels the mode folds at boot, and its real levels.
    [InlineData("riscv/sv39@v6.12", 0x40_0000_0000UL, 3)]
    [InlineData("riscv/sv48@v6.12", 0x8000_0000_0000UL, 4)]
    [InlineData("riscv/sv57@v6.12", 0x100_0000_0000_0000UL, 5)]
    public void TaskSizeAndFolding_FollowTheMode(string name, ulong taskSize, int levels)
    {
        var model = Model(name);
        var mm = model.NewAddressSpace();
        Assert.Equal(taskSize, model.Arch.TaskSizeMax);
        Assert.Equal(levels, model.InitialLevels);
        Assert.Equal(levels < 5, model.Arch.MmFolded(mm, Level.P4d));
        Assert.Equal(levels < 4, model.Arch.MmFolded(mm, Level.Pud));
        Assert.Equal(levels < 5 ? FoldKind.Runtime : FoldKind.None, model.Arch.Geometry[Level.P4d].Fold);
    }

    [Fact] // Sv39: p4d_offset and pud_offset return the pgd slot re-typed; pgd's and p4d's none/bad/present are 0/0/1.
    public void Sv39_OffsetsReturnTheirArgument_AndTheFoldedParentsPredicatesAreConstants()
    {
        var model = Model("riscv/sv39@v6.12");
        var arch = model.Arch;
        var mm = model.NewAddressSpace();
        var cpu = new Cpu(mm.Memory);
        var addr = new VirtualAddress(0x12_3456_7abc);
        var pgdp = arch.PgdOffset(cpu, mm, addr);
        Assert.Equal(mm.Pgd + 72 * 8, pgdp.Address);
        Assert.Equal(pgdp.Address, arch.Offset(cpu, pgdp, addr).Address);
        Assert.Equal(pgdp.Address, arch.Offset(cpu, pgdp.As(Level.P4d), addr).Address);
        Assert.False(arch.None(new Entry(Level.Pgd, 0)));
        Assert.True(arch.Present(new Entry(Level.P4d, 0)));
        Assert.False(arch.Bad(new Entry(Level.P4d, 0x2)));
        Assert.True(arch.None(new Entry(Level.Pud, 0)));
    }

    [Fact] // pud_bad is !pud_present: a leaf is not bad there, while pmd_bad rejects one; pmd_present counts an invalidated THP.
    public void PudBadIgnoresLeaves_PmdBadRejectsThem_AndPmdPresentCountsAnInvalidatedLeaf()
    {
        var arch = Arch("riscv/sv57@v6.1");
        Assert.False(arch.Bad(new Entry(Level.Pud, 0x4000_0000 >> 2 | V | R | U | A)));
        Assert.True(arch.Leaf(new Entry(Level.Pud, 0x4000_0000 >> 2 | V | R | U | A)));
        Assert.True(arch.Bad(new Entry(Level.Pmd, 0x20_0000 >> 2 | V | R | U | A)));
        Assert.True(arch.Present(new Entry(Level.Pmd, 0x20_0000 >> 2 | R | U | A)));
        Assert.False(arch.Present(new Entry(Level.Pud, 0x4000_0000 >> 2 | R | U | A)));
    }

    [Fact] // PAGE_NONE = _PAGE_PROT_NONE (G) | R without V: pte_present and pte_protnone, never V.
    public void PageNone_IsPresentAndProtNone()
    {
        var arch = Arch("riscv/sv39@v6.1");
        var none = arch.PfnEntry(Level.Pte, new Pfn(0x1234), VmFlags.None);
        Assert.Equal((0x1234UL << 10) | G | R, none.Raw);
        Assert.True(arch.Present(none));
        Assert.True(arch.ProtNone(none));
    }

    [Fact] // 6569fc12e442: PAGE_COPY_EXEC is X alone in 5.18 and PAGE_READ_EXEC in Debian 6.1.192; shared writes are R|W.
    public void ProtectionMap_CopyExecBecomesReadable()
    {
        var flags = VmFlags.Exec | VmFlags.Write;
        Assert.Equal(V | A | U | X, Arch("riscv/sv39@v5.18").PfnEntry(Level.Pte, new Pfn(0), flags).Raw);
        Assert.Equal(V | A | U | R | X, Arch("riscv/sv39@v6.1").PfnEntry(Level.Pte, new Pfn(0), flags).Raw);
        Assert.Equal(V | A | U | R | W, Arch("riscv/sv39@v6.1").PfnEntry(Level.Pte, new Pfn(0), VmFlags.Write | VmFlags.Shared).Raw);
    }

    [Fact] // pte_pfn: val >> 10 in 5.18 (bits 63:54 reach the pfn), under _PAGE_PFN_MASK from 6.1; pmd_pfn cuts to PMD_MASK.
    public void Pfn_MaskedFrom61_AndCutToTheLeafSize()
    {
        var raw = (1UL << 61) | (0x1234UL << 10) | V | R | U | A;
        Assert.Equal(new Pfn((1UL << 51) | 0x1234), Arch("riscv/sv39@v5.18").Pfn(new Entry(Level.Pte, raw)));
        Assert.Equal(new Pfn(0x1234), Arch("riscv/sv39@v6.1").Pfn(new Entry(Level.Pte, raw)));
        Assert.Equal(new Pfn(0x1200), Arch("riscv/sv39@v6.12").Pfn(new Entry(Level.Pmd, (0x1234UL << 10) | V | R | U | A)));
    }

    [Fact] // pXd_populate writes (pfn << 10) | _PAGE_TABLE, V alone, as the hardware wants of a pointer.
    public void TableEntry_IsThePfnAndValidAlone()
    {
        var arch = Arch("riscv/sv48@v6.12");
        Assert.Equal((0xff_0000_0001UL << 10) | V, arch.TableEntry(Level.Pmd, 0xff_0000_0001_000).Raw);
        Assert.Equal(0xff_0000_0001_000UL, arch.TableAddress(arch.TableEntry(Level.Pmd, 0xff_0000_0001_000)));
    }

    [Theory] // HAVE_FAST_GUP from 6.8 (3f910b7a522e); 6.12 builds it.
    [InlineData("riscv/sv39@v5.18", false)]
    [InlineData("riscv/sv39@v6.1", false)]
    [InlineData("riscv/sv39@v6.12", true)]
    [InlineData("x86-64/4level", true)]
    public void HasGupFast_OnlyFrom68(string name, bool has) => Assert.Equal(has, Arch(name).HasGupFast);

    [Fact] // 6.12 _PAGE_DEVMAP (bit 9): pte_devmap and pmd_devmap; pud_devmap is 0; no devmap before.
    public void Devmap_Bit9In612Only()
    {
        var raw = (1UL << 9) | V | R | U | A;
        Assert.True(Arch("riscv/sv39@v6.12").Devmap(new Entry(Level.Pte, raw)));
        Assert.True(Arch("riscv/sv39@v6.12").Devmap(new Entry(Level.Pmd, raw)));
        Assert.False(Arch("riscv/sv39@v6.12").Devmap(new Entry(Level.Pud, raw)));
        Assert.False(Arch("riscv/sv39@v6.1").Devmap(new Entry(Level.Pte, raw)));
    }

    [Fact] // riscv's pte_huge = pte_present && (val & _PAGE_LEAF): any present pte with R, W or X (a base page too),
           // as the kernel's own answers showed; PAGE_NONE (G|R, no V) is present; a pte with none of R, W, X is not.
    public void PteHuge_IsAnyPresentPteWithRWOrX()
    {
        var arch = Arch("riscv/sv39@v6.12");
        Assert.True(arch.Huge(new Entry(Level.Pte, V | R | W | U | A | D)));
        Assert.True(arch.Huge(new Entry(Level.Pte, G | R)));
        Assert.False(arch.Huge(new Entry(Level.Pte, R | W)));
        Assert.False(arch.Huge(new Entry(Level.Pte, V | U | A)));
        Assert.True(arch.Huge(new Entry(Level.Pmd, V | R | U | A)));
        Assert.False(arch.Huge(new Entry(Level.Pmd, V)));
        Assert.False(Arch("riscv/sv57@v6.12").Huge(new Entry(Level.P4d, V | R | U | A))); // no p4d_huge: 0
    }

    [Fact] // 6.12 huge_ptep_get ORs in D and A over the NAPOT run of a present pte with bit 63, which a lone value lacks;
           // without the bit, or in 6.1 (the generic huge_ptep_get), it is the slot's value.
    public void HugePteGet_OfANapotPte_NeedsItsRun_From612()
    {
        var napot = new Entry(Level.Pmd, (1UL << 63) | (0x1234UL << 10) | V | R | U | A);
        var refusal = Assert.Throws<NotSupportedException>(() => Arch("riscv/sv39@v6.12").HugePteGet(napot));
        Assert.Contains("NAPOT", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(napot.Raw, Arch("riscv/sv39@v6.1").HugePteGet(napot).Raw);
        Assert.Equal(napot.Raw & ~(1UL << 63), Arch("riscv/sv39@v6.12").HugePteGet(new Entry(Level.Pmd, napot.Raw & ~(1UL << 63))).Raw);
    }

    [Fact] // riscv defines pud_write only in 6.12; 6.1's is include/linux/pgtable.h's BUG(), which pud_access_permitted
           // reaches only for a write to a present pud.
    public void PudWrite_IsABugFallbackBefore612()
    {
        var pud = new Entry(Level.Pud, V | R | W | U | A);
        Assert.True(Arch("riscv/sv39@v6.12").Write(pud));
        var bug = Assert.Throws<BugFallbackException>(() => Arch("riscv/sv39@v6.1").Write(pud));
        Assert.Contains("has no pud_write", bug.Message, StringComparison.Ordinal);
        Assert.Throws<BugFallbackException>(() => Arch("riscv/sv39@v6.1").AccessPermitted(pud, write: true));
        Assert.True(Arch("riscv/sv39@v6.1").AccessPermitted(pud, write: false));
        Assert.True(Arch("riscv/sv39@v6.1").Write(pud.As(Level.Pmd)));
    }
}
