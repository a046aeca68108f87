using FsCheck;
using FsCheck.Fluent;
using PgtableInvariants.Arch.Architectures.S390;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Properties.Generators;

namespace PgtableInvariants.Properties.Arch;

/// <summary>The hardware translation agrees with the builder's record, on every model, for random spaces.</summary>
public sealed class HardwareProperties
{
    public static TheoryData<string> Models => [.. ModelCatalogue.All.Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(Models))]
    public void Hardware_translation_equals_the_builders_record_for_every_probed_address(string name)
    {
        var model = ModelCatalogue.Find(name)!;
        Prop.ForAll(AddressSpaceGenerators.Arbitrary(model), plan =>
        {
            var mm = plan.Build();
            var mismatches = (
                from va in AddressSpaceGenerators.Probes(mm, model)
                from access in new[] { Access.Read, Access.Write }
                let expected = Expected(mm, va, access)
                let actual = model.Mmu.Translate(new Cpu(mm.Memory), mm, va, access)
                where actual.Pfn != expected
                select $"{access} {va}: hardware {actual}, record {expected?.ToString() ?? "unmapped"}").ToList();
            return (mismatches.Count == 0).Label(string.Join("; ", mismatches));
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("s390/3level")]
    [InlineData("s390/4level")]
    public void Crst_table_upgrade_changes_no_translation(string name)
    {
        var model = ModelCatalogue.Find(name)!;
        var s390 = (S390Architecture)model.Arch;
        Prop.ForAll(AddressSpaceGenerators.Arbitrary(model), plan =>
        {
            var mm = plan.Build();
            var probes = AddressSpaceGenerators.Probes(mm, model).Where(va => va.Value < mm.AsceLimit).ToList();
            var before = probes.Select(va => model.Mmu.Translate(new Cpu(mm.Memory), mm, va, Access.Read)).ToList();
            var levels = mm.Levels;
            s390.CrstTableUpgrade(mm, mm.AsceLimit == 1UL << 42 ? (1UL << 53) + 1 : ulong.MaxValue - 4095);
            var after = probes.Select(va => model.Mmu.Translate(new Cpu(mm.Memory), mm, va, Access.Read)).ToList();
            return (before.SequenceEqual(after) && mm.Levels == 5)
                .Label($"levels {levels} -> {mm.Levels}; {string.Join("; ", probes.Zip(before, after).Where(t => t.Second != t.Third).Select(t => $"{t.First}: {t.Second} -> {t.Third}"))}");
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>What the record says a user access to <paramref name="va"/> reaches: the mapping's frame when the
    /// mapping allows the access (every generated mapping is readable), otherwise nothing.</summary>
    private static PgtableInvariants.Arch.Addresses.Pfn? Expected(AddressSpace mm, PgtableInvariants.Arch.Addresses.VirtualAddress va, Access access)
    {
        var m = mm.MappingAt(va);
        if (m is null || (access == Access.Write && !m.Flags.HasFlag(PgtableInvariants.Arch.Entries.VmFlags.Write)))
            return null;
        return m.PfnAt(va);
    }
}
