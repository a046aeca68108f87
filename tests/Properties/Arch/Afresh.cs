using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Architectures.Arm64;
using PgtableInvariants.Arch.Architectures.Riscv;
using PgtableInvariants.Arch.Architectures.S390;
using PgtableInvariants.Arch.Architectures.X86;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Arch;

/// <summary>An architecture's helpers built again while the test runs: the catalogue's instances are made before any
/// test, so a test that only read them would never see what a constructor computes (the name, the address masks, the
/// protection map, the era's forms), nor a mutant of it.</summary>
internal static class Afresh
{
    public static IArchitecture Of(IArchitecture arch) => arch switch
    {
        Arm64Architecture a => new Arm64Architecture(a.Config, a.Era),
        RiscvArchitecture r => new RiscvArchitecture(r.Mode, r.Era),
        S390Architecture => new S390Architecture(arch.Era),
        X86Architecture x => new X86Architecture(x.Paging, x.Era),
        _ => throw new ArgumentException($"no constructor known for {arch.GetType().Name}"),
    };

    /// <summary>The catalogue's model <paramref name="name"/> with its helpers built afresh.</summary>
    public static Model Model(string name)
    {
        var model = ModelCatalogue.Find(name) ?? throw new ArgumentException($"no model {name}");
        return model with { Arch = Of(model.Arch) };
    }
}
