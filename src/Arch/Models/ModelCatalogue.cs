using PgtableInvariants.Arch.Architectures.Arm64;
using PgtableInvariants.Arch.Architectures.Riscv;
using PgtableInvariants.Arch.Architectures.S390;
using PgtableInvariants.Arch.Architectures.X86;
using PgtableInvariants.Arch.Hardware;

namespace PgtableInvariants.Arch.Models;

/// <summary>Every model, by name: each configuration in each era in which its architecture's helpers
/// change (x86-64 and i386: v5.8, v6.1, v6.12; s390: v5.8, v6.12; arm64: v6.8, v6.10, v6.11, v6.12, each configuration
/// from the first era that builds it; riscv64: v5.18, v6.1, v6.12).</summary>
public static class ModelCatalogue
{
    private static readonly Dictionary<KernelEra, S390Architecture> S390 =
        S390Architecture.Eras.ToDictionary(e => e, e => new S390Architecture(e));

    public static Model X86FourLevel { get; } = X86("x86-64/4level", X86Paging.FourLevel, KernelEra.V5_8);

    public static Model X86FiveLevel { get; } = X86("x86-64/5level", X86Paging.FiveLevel, KernelEra.V5_8);

    public static Model X86La57OnFourLevel { get; } = X86("x86-64/la57-on-4level", X86Paging.La57KernelOnFourLevelCpu, KernelEra.V5_8);

    public static Model I386TwoLevel { get; } = X86("i386/2level", X86Paging.I386TwoLevel, KernelEra.V5_8);

    public static Model I386Pae { get; } = X86("i386/pae", X86Paging.I386Pae, KernelEra.V5_8);

    public static Model S390ThreeLevel { get; } = S390Model(3, KernelEra.V5_8);

    public static Model S390FourLevel { get; } = S390Model(4, KernelEra.V5_8);

    public static Model S390FiveLevel { get; } = S390Model(5, KernelEra.V5_8);

    /// <summary>All models: the v5.8 ones in the order the README lists them, then each later era's in the same order.</summary>
    public static IReadOnlyList<Model> All { get; } =
    [
        X86FourLevel, X86FiveLevel, X86La57OnFourLevel, I386TwoLevel, I386Pae,
        S390ThreeLevel, S390FourLevel, S390FiveLevel,
        .. KernelEra.All.Where(e => e.Order > KernelEra.V5_8.Order).SelectMany(LaterModels),
    ];

    /// <summary>The configurations, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Configs { get; } = [.. All.Select(m => m.Config).Distinct()];

    /// <summary>The model called <paramref name="name"/>, or null.</summary>
    public static Model? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    /// <summary>The model of configuration <paramref name="config"/> whose helpers are those of <paramref name="era"/>,
    /// or null for an unknown configuration.</summary>
    public static Model? For(string config, KernelEra era) => All.FirstOrDefault(m => m.Config == config && m.Helpers.Contains(era));

    /// <summary>The models an era adds: every configuration whose architecture's helpers change in it.</summary>
    private static IEnumerable<Model> LaterModels(KernelEra era)
    {
        if (X86Architecture.Eras.Contains(era))
        {
            yield return X86(X86FourLevel.Config, X86Paging.FourLevel, era);
            yield return X86(X86FiveLevel.Config, X86Paging.FiveLevel, era);
            yield return X86(X86La57OnFourLevel.Config, X86Paging.La57KernelOnFourLevelCpu, era);
            yield return X86(I386TwoLevel.Config, X86Paging.I386TwoLevel, era);
            yield return X86(I386Pae.Config, X86Paging.I386Pae, era);
        }
        if (S390Architecture.Eras.Contains(era))
        {
            yield return S390Model(3, era);
            yield return S390Model(4, era);
            yield return S390Model(5, era);
        }
        if (Arm64Architecture.Eras.Contains(era))
        {
            foreach (var config in Arm64Config.All.Where(c => c.Since.Order <= era.Order))
                yield return Arm64Model(config, era);
        }
        if (RiscvArchitecture.Eras.Contains(era))
        {
            foreach (var mode in Enum.GetValues<RiscvSatpMode>())
                yield return RiscvModel(mode, era);
        }
    }

    /// <summary>An arm64 model: the helpers, and the translation Linux programs for user space: T0SZ from
    /// <c>vabits_actual</c>, TCR_EL1.DS when LPA2 is enabled, the output size of <c>PHYS_MASK_SHIFT</c>, and hardware
    /// access-flag and dirty-state updates (HA, HD: arch/arm64/mm/proc.S <c>__cpu_setup</c>).</summary>
    private static Model Arm64Model(Arm64Config config, KernelEra era)
    {
        var arch = new Arm64Architecture(config, era);
        var control = new Arm64TranslationControl(config.PageShift, 64 - config.VaBitsActual, ds: config.Lpa2Enabled,
            outputAddressBits: arch.PhysicalAddressBits);
        return new Model(config.Name, arch, new Arm64Mmu(control), arch.Geometry.RealLevels, config.Folding);
    }

    /// <summary>A riscv64 model: one 5-level kernel booted in <paramref name="mode"/>, and the privileged specification's
    /// translation for that <c>satp</c> mode.</summary>
    private static Model RiscvModel(RiscvSatpMode mode, KernelEra era)
    {
        var arch = new RiscvArchitecture(mode, era);
        return new Model($"riscv/{mode.ToString().ToLowerInvariant()}", arch, new SvMmu(arch.Levels), arch.Levels, mode switch
        {
            RiscvSatpMode.Sv39 => "p4d and pud folded at boot into the pgd (pgtable_l5_enabled, pgtable_l4_enabled false; PTRS_PER 512)",
            RiscvSatpMode.Sv48 => "p4d folded at boot into the pgd (pgtable_l5_enabled false; PTRS_PER_P4D 512)",
            _ => "none (pgtable_l5_enabled)",
        });
    }

    private static Model X86(string config, X86Paging paging, KernelEra era) => paging switch
    {
        X86Paging.FourLevel => new(config, new X86Architecture(paging, era), new X86Mmu(la57: false), 4, "p4d folded statically (pgtable-nop4d.h)"),
        X86Paging.FiveLevel => new(config, new X86Architecture(paging, era), new X86Mmu(la57: true), 5, "none"),
        X86Paging.La57KernelOnFourLevelCpu => new(config, new X86Architecture(paging, era), new X86Mmu(la57: false), 4, "p4d folded at boot (PGDIR_SHIFT 39, PTRS_PER_P4D 1)"),
        X86Paging.I386TwoLevel => new(config, new X86Architecture(paging, era), new X86LegacyMmu(), 2, "p4d, pud, pmd folded statically (pgtable-nopmd.h)"),
        _ => new(config, new X86Architecture(paging, era), new X86PaeMmu(), 3, "p4d, pud folded statically (pgtable-nopud.h)"),
    };

    private static Model S390Model(int levels, KernelEra era) => new($"s390/{levels}level", S390[era], new S390Dat(), levels, levels switch
    {
        3 => "dynamic: region-3 table on top, p4d and pud folded by entry type",
        4 => "dynamic: region-2 table on top, p4d folded by entry type",
        _ => "dynamic: region-1 table on top, nothing folded",
    });
}
