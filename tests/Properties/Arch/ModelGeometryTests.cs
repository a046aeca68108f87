using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Arch;

/// <summary>Each model's compiled geometry: SHIFT and PTRS_PER per level, and the depth of a new mm.</summary>
public sealed class ModelGeometryTests
{
    public static TheoryData<string, int[], int[], int> Geometries => new()
    {
        // name, shifts (pgd p4d pud pmd pte), PTRS_PER, levels of a new mm
        { "x86-64/4level", [39, 39, 30, 21, 12], [512, 1, 512, 512, 512], 4 },                 // pgtable_64_types.h, pgtable-nop4d.h
        { "x86-64/5level", [48, 39, 30, 21, 12], [512, 512, 512, 512, 512], 5 },
        { "x86-64/la57-on-4level", [39, 39, 30, 21, 12], [512, 1, 512, 512, 512], 4 },         // pgdir_shift 39, ptrs_per_p4d 1
        { "i386/2level", [22, 22, 22, 22, 12], [1024, 1, 1, 1, 1024], 2 },                    // pgtable-2level_types.h, pgtable-nopmd.h
        { "i386/pae", [30, 30, 30, 21, 12], [4, 1, 1, 512, 512], 3 },                           // pgtable-3level_types.h, pgtable-nopud.h
        { "s390/3level", [53, 42, 31, 20, 12], [2048, 2048, 2048, 2048, 256], 3 },             // arch/s390/include/asm/pgtable.h: static 5-level values
        { "s390/4level", [53, 42, 31, 20, 12], [2048, 2048, 2048, 2048, 256], 4 },
        { "s390/5level", [53, 42, 31, 20, 12], [2048, 2048, 2048, 2048, 256], 5 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Model_HasTheKernelsGeometry(string name, int[] shifts, int[] ptrsPer, int levels)
    {
        var model = ModelCatalogue.Find(name)!;
        Assert.Equal(shifts, model.Arch.Geometry.Levels.Select(l => l.Shift));
        Assert.Equal(ptrsPer, model.Arch.Geometry.Levels.Select(l => l.PtrsPer));
        Assert.Equal(levels, model.NewAddressSpace().Levels);
    }

    [Theory] // sizeof(pte_t): 4 bytes on i386 without PAE (pgtable-2level_types.h pteval_t is unsigned long), 8 elsewhere.
    [InlineData("i386/2level", 4)]
    [InlineData("i386/pae", 8)]
    [InlineData("x86-64/4level", 8)]
    [InlineData("s390/3level", 8)]
    public void Model_HasTheKernelsEntrySize(string name, int bytes)
    {
        var model = ModelCatalogue.Find(name)!;
        Assert.Equal(bytes, model.Arch.Geometry.EntrySize);
        var mm = model.NewAddressSpace();
        var pgdp = model.Arch.PgdOffset(new PgtableInvariants.Arch.Memory.Cpu(mm.Memory), mm, new PgtableInvariants.Arch.Addresses.VirtualAddress(0));
        Assert.Equal(mm.Pgd + (ulong)bytes, (++pgdp).Address);
        Assert.Equal((ulong)(bytes * model.Arch.Geometry[Level.Pgd].PtrsPer), mm.Memory.TableAt(mm.Pgd)!.Bytes);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Model_SizesAndMasksFollowFromShifts(string name, int[] shifts, int[] ptrsPer, int levels)
    {
        _ = (ptrsPer, levels);
        var geometry = ModelCatalogue.Find(name)!.Arch.Geometry;
        foreach (var (level, shift) in geometry.Levels.Zip(shifts))
        {
            Assert.Equal(1UL << shift, level.Size);
            Assert.Equal(~((1UL << shift) - 1), level.Mask);
        }
    }

    [Fact] // Every configuration in each era in which its helpers change; the v5.8 names are the configurations'.
    public void Catalogue_NamesEveryModelOfTheDesign()
    {
        Assert.Equal(
            [
                "x86-64/4level", "x86-64/5level", "x86-64/la57-on-4level", "i386/2level", "i386/pae", "s390/3level", "s390/4level", "s390/5level",
                "riscv/sv39@v5.18", "riscv/sv48@v5.18", "riscv/sv57@v5.18", "riscv/sv39@v6.0", "riscv/sv48@v6.0", "riscv/sv57@v6.0",
                "x86-64/4level@v6.1", "x86-64/5level@v6.1", "x86-64/la57-on-4level@v6.1", "i386/2level@v6.1", "i386/pae@v6.1", "riscv/sv39@v6.1", "riscv/sv48@v6.1", "riscv/sv57@v6.1",
                "arm64/4k/48@v6.8", "arm64/16k/47@v6.8", "arm64/64k/42@v6.8", "arm64/64k/52@v6.8",
                .. Arm64Era("v6.10"), .. Arm64Era("v6.11"),
                "x86-64/4level@v6.12", "x86-64/5level@v6.12", "x86-64/la57-on-4level@v6.12", "i386/2level@v6.12", "i386/pae@v6.12", "s390/3level@v6.12", "s390/4level@v6.12", "s390/5level@v6.12",
                .. Arm64Era("v6.12"), "riscv/sv39@v6.12", "riscv/sv48@v6.12", "riscv/sv57@v6.12",
            ],
            ModelCatalogue.All.Select(m => m.Name));
    }

    private static string[] Arm64Era(string era) =>
    [
        .. new[] { "4k/48", "4k/52", "4k/52-p4d-folded", "16k/47", "16k/52", "16k/52-pud-folded", "64k/42", "64k/52" }
            .Select(c => $"arm64/{c}@{era}"),
    ];

    [Theory] // ModelCatalogue.For: the model of the configuration whose helper range holds the era.
    [InlineData("x86-64/4level", "v5.9", "x86-64/4level")]
    [InlineData("x86-64/4level", "rfc-v2", "x86-64/4level")]
    [InlineData("x86-64/4level", "v6.1", "x86-64/4level@v6.1")]
    [InlineData("x86-64/5level", "v6.12", "x86-64/5level@v6.12")]
    [InlineData("s390/3level", "v6.1", "s390/3level")]
    [InlineData("s390/3level", "v6.12", "s390/3level@v6.12")]
    [InlineData("i386/2level", "v5.9", "i386/2level")]
    [InlineData("i386/pae", "v6.12", "i386/pae@v6.12")]
    public void For_ReturnsTheModelWhoseHelpersHoldTheEra(string config, string era, string model)
    {
        Assert.Equal(model, ModelCatalogue.For(config, KernelEra.Find(era)!)!.Name);
        Assert.Equal(config, ModelCatalogue.Find(model)!.Config);
    }

    [Fact] // pgtable-nop4d.h: p4d_index is 0 on a folded level because PTRS_PER_P4D is 1.
    public void FoldedLevel_IndexIsZero()
    {
        var arch = ModelCatalogue.X86FourLevel.Arch;
        Assert.Equal(0, arch.Index(Level.P4d, new(0x7fff_ffff_f000)));
    }
}
