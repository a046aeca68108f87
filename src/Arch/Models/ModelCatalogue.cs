using PgtableInvariants.Arch.Architectures.Nop;
using PgtableInvariants.Arch.Architectures.S390;
using PgtableInvariants.Arch.Architectures.X86;
using PgtableInvariants.Arch.Hardware;

namespace PgtableInvariants.Arch.Models;

/// <summary>Every model of DESIGN §4, by name.</summary>
public static class ModelCatalogue
{
    private static readonly S390Architecture S390 = new();

    public static Model X86FourLevel { get; } =
        new("x86-64/4level", new X86Architecture(X86Paging.FourLevel), new X86Mmu(la57: false), 4, "p4d folded statically (pgtable-nop4d.h)");

    public static Model X86FiveLevel { get; } =
        new("x86-64/5level", new X86Architecture(X86Paging.FiveLevel), new X86Mmu(la57: true), 5, "none");

    public static Model X86La57OnFourLevel { get; } =
        new("x86-64/la57-on-4level", new X86Architecture(X86Paging.La57KernelOnFourLevelCpu), new X86Mmu(la57: false), 4, "p4d folded at boot (PGDIR_SHIFT 39, PTRS_PER_P4D 1)");

    public static Model Generic2Level { get; } = Nop(NopLevels.Two, "p4d, pud, pmd folded statically (pgtable-nopmd.h)");

    public static Model Generic3Level { get; } = Nop(NopLevels.Three, "p4d, pud folded statically (pgtable-nopud.h)");

    public static Model Generic4Level { get; } = Nop(NopLevels.Four, "p4d folded statically (pgtable-nop4d.h)");

    public static Model S390ThreeLevel { get; } = new("s390/3level", S390, new S390Dat(), 3, "dynamic: region-3 table on top, p4d and pud folded by entry type");

    public static Model S390FourLevel { get; } = new("s390/4level", S390, new S390Dat(), 4, "dynamic: region-2 table on top, p4d folded by entry type");

    public static Model S390FiveLevel { get; } = new("s390/5level", S390, new S390Dat(), 5, "dynamic: region-1 table on top, nothing folded");

    /// <summary>All models, in the order of DESIGN §4.</summary>
    public static IReadOnlyList<Model> All { get; } =
    [
        X86FourLevel, X86FiveLevel, X86La57OnFourLevel, Generic2Level, Generic3Level, Generic4Level,
        S390ThreeLevel, S390FourLevel, S390FiveLevel,
    ];

    /// <summary>The model called <paramref name="name"/>, or null.</summary>
    public static Model? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    private static Model Nop(NopLevels levels, string folding)
    {
        var arch = new NopArchitecture(levels);
        return new Model($"generic/{(int)levels}level", arch, new RadixMmu(arch.Geometry), (int)levels, folding);
    }
}
