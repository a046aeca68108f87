using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Architectures.Arm64;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Generators;
using PgtableInvariants.Invariants.Running;

namespace PgtableInvariants.Properties.Arch;

/// <summary>The hardware translation agrees with the builder's record, on every model, for random spaces.</summary>
public sealed class HardwareProperties
{
    public static TheoryData<string> Models => [.. ModelCatalogue.All.Select(m => m.Name)];

    /// <summary>Random spaces a model: 100 times <c>PGTABLE_SOAK</c>, or <c>PGTABLE_HARDWARE_CASES</c> when set.
    /// <c>mutation/run</c> sets 10: this property is most of the Arch tests' time, and a mutant reruns it for every
    /// model the mutant reaches.</summary>
    private static int Cases
    {
        get
        {
            var value = Environment.GetEnvironmentVariable("PGTABLE_HARDWARE_CASES");
            if (string.IsNullOrEmpty(value))
                return 100 * RunConfig.SoakFactor;
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var cases) && cases is >= 1 and <= 1_000_000
                ? cases
                : throw new InvalidOperationException($"PGTABLE_HARDWARE_CASES='{value}' is not a whole number from 1 to 1000000");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Hardware_translation_equals_the_builders_record_for_every_probed_address(string name)
    {
        var model = ModelCatalogue.Find(name)!;
        Prop.ForAll(WalkCaseGenerators.Arbitrary(model, 256), c =>
        {
            var mm = c.Build();
            var mismatches = (
                from va in Probes(mm, model)
                from access in new[] { Access.Read, Access.Write }
                let expected = Expected(mm, va, access)
                let actual = model.Mmu.Translate(new Cpu(mm.Memory), mm, va, access)
                where actual.Pfn != expected
                select $"{access} {va}: hardware {actual}, record {expected?.ToString() ?? "unmapped"}").ToList();
            return (mismatches.Count == 0).Label(string.Join("; ", mismatches));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Cases));
    }

    /// <summary>Around every mapping, one level size away at each level, and beyond the model's reach.</summary>
    private static IEnumerable<VirtualAddress> Probes(AddressSpace mm, Model model)
    {
        foreach (var m in mm.Mappings)
        {
            yield return m.Va;
            yield return m.End - m.Size.Bytes / m.Size.Frames;
            yield return m.Va - m.Size.Bytes / m.Size.Frames;
            yield return m.End;
            foreach (var level in model.Arch.Geometry.Levels.Where(l => !l.IsFolded))
            {
                yield return m.Va + level.Size;
                yield return m.Va - level.Size;
            }
        }
        foreach (var a in new[] { model.Reach, model.Reach - model.Arch.Geometry.PageSize, model.Arch.TaskSizeMax, 1UL << 47, 1UL << 56, 1UL << 63, 0xffff_ffff_ffff_f000 })
            yield return new VirtualAddress(a);
    }

    /// <summary>What the record says a user access to <paramref name="va"/> reaches: the mapping's frame when the
    /// mapping allows the access (every generated mapping is readable), otherwise nothing. With arm64's TCR_EL1.TBI0,
    /// which Linux sets, the top byte is a tag the translation ignores: the record of the untagged address.</summary>
    private static Pfn? Expected(AddressSpace mm, VirtualAddress va, Access access)
    {
        if (mm.Arch is Arm64Architecture)
            va = new VirtualAddress(va.Value & 0x00ff_ffff_ffff_ffff);
        var m = mm.MappingAt(va);
        return m is null || (access == Access.Write && !m.Flags.HasFlag(VmFlags.Write)) ? null : m.PfnAt(va);
    }
}
