using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Hardware;

namespace PgtableInvariants.Arch.Models;

/// <summary>One model: an architecture configuration, the depth a new mm starts with, and its hardware.</summary>
/// <param name="Name">Stable identifier, e.g. <c>s390/3level</c>.</param>
/// <param name="Arch">The kernel helpers.</param>
/// <param name="Mmu">The hardware translation, the oracle.</param>
/// <param name="InitialLevels">Levels of a new mm (s390: 3, 4 or 5; elsewhere the configuration's).</param>
/// <param name="Folding">How the missing levels are folded, in a few words.</param>
public sealed record Model(string Name, IArchitecture Arch, IMmu Mmu, int InitialLevels, string Folding)
{
    /// <summary>A new, empty address space of this model.</summary>
    public AddressSpace NewAddressSpace() => new(Arch, InitialLevels);

    /// <summary>The first address a mapping of this model cannot reach without changing the mm: the s390
    /// <c>asce_limit</c> of the initial depth, otherwise <c>TASK_SIZE_MAX</c>.</summary>
    public ulong Reach => Arch is IDynamicFolding dynamic ? Math.Min(dynamic.AsceLimitFor(InitialLevels), Arch.TaskSizeMax) : Arch.TaskSizeMax;

    public override string ToString() => Name;
}
