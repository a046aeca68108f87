using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Levels;

namespace PgtableInvariants.Properties.Mutants;

/// <summary>A mutant of an architecture that upgrades mms on demand (s390).</summary>
public class DynamicMutantArchitecture<T>(T inner) : MutantArchitecture(inner), IDynamicFolding
    where T : IArchitecture, IDynamicFolding
{
    private readonly T dynamic = inner;

    public ulong AsceLimitFor(int levels) => dynamic.AsceLimitFor(levels);

    public Level TopTableLevel(ulong asceLimit) => dynamic.TopTableLevel(asceLimit);

    public void CheckAsceLimit(AddressSpace mm, VirtualAddress addr, ulong len) => dynamic.CheckAsceLimit(mm, addr, len);

    public void CrstTableUpgrade(AddressSpace mm, ulong end) => dynamic.CrstTableUpgrade(mm, end);
}
