using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Hardware;

namespace PgtableInvariants.Arch.Models;

/// <summary>One model: an architecture configuration in one helper era, the depth a new mm starts with, and its
/// hardware.</summary>
/// <param name="Config">The configuration, e.g. <c>s390/3level</c>: the same in every era.</param>
/// <param name="Arch">The kernel helpers, of one era.</param>
/// <param name="Mmu">The hardware translation, the oracle.</param>
/// <param name="InitialLevels">Levels of a new mm (s390: 3, 4 or 5; elsewhere the configuration's).</param>
/// <param name="Folding">How the missing levels are folded, in a few words.</param>
public sealed record Model(string Config, IArchitecture Arch, IMmu Mmu, int InitialLevels, string Folding)
{
    /// <summary>The era whose helpers the model has.</summary>
    public KernelEra Era => Arch.Era;

    /// <summary>The eras with these helpers: from <see cref="Era"/> to the architecture's next helper era.</summary>
    public EraRange Helpers => EraRange.Among(Arch.HelperEras, Arch.Era);

    /// <summary>Stable identifier: the configuration for the oldest era modelled (<c>s390/3level</c>, the names of
    /// every snapshot and test before eras), <c>configuration@era</c> for a later one (<c>s390/3level@v6.12</c>).</summary>
    public string Name => Era == KernelEra.V5_8 ? Config : $"{Config}@{Era}";

    /// <summary>A new, empty address space of this model.</summary>
    public AddressSpace NewAddressSpace() => new(Arch, InitialLevels);

    /// <summary>The first address a mapping of this model cannot reach without changing the mm: the s390
    /// <c>asce_limit</c> of the initial depth, otherwise <c>TASK_SIZE_MAX</c>.</summary>
    public ulong Reach => Arch is IDynamicFolding dynamic ? Math.Min(dynamic.AsceLimitFor(InitialLevels), Arch.TaskSizeMax) : Arch.TaskSizeMax;

    public override string ToString() => Name;
}
