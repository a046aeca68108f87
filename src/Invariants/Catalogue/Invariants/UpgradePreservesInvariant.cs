using FsCheck;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;
using PgtableInvariants.Invariants.Running;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary><c>crst_table_upgrade</c> puts a new top table above the old one; every address the old mm translated
/// translates the same afterwards, through the new levels.</summary>
public sealed class UpgradePreservesInvariant : Invariant<WalkCase>
{
    public override string Id => "upgrade-preserves";

    public override string Statement => "On s390, crst_table_upgrade changes no translation.";

    public override Expectation Expect(Model model, string? walker) =>
        KnownDepartures.FoldsDynamically(model) ? Expectation.Holds
        : model.Arch is IDynamicFolding ? Expectation.NotApplicable("a 5-level mm has no upgrade")
        : Expectation.NotApplicable("only s390 upgrades an mm");

    public override Arbitrary<WalkCase> Arbitrary(Model model, string? walker, RunConfig config) => WalkCaseGenerators.Arbitrary(model, 256, config.Layout);

    public override Outcome Evaluate(WalkCase c, string? walker, RunConfig config, bool trace)
    {
        var mm = c.Build();
        if (mm.AsceLimit > 1UL << 53)
            return Outcome.Ok();
        var probes = c.Range.EachPage().Concat(mm.Mappings.SelectMany(m => new[] { m.Va, m.End - c.Range.PageSize }))
            .Where(va => va.Value < mm.AsceLimit).Distinct().ToList();
        var before = probes.Select(va => c.Model.Mmu.Translate(new Cpu(mm.Memory), mm, va, Access.Read)).ToList();
        ((IDynamicFolding)mm.Arch).CrstTableUpgrade(mm, ulong.MaxValue - 2 * c.Range.PageSize);
        for (var i = 0; i < probes.Count; i++)
        {
            var after = c.Model.Mmu.Translate(new Cpu(mm.Memory), mm, probes[i], Access.Read);
            if (after != before[i])
                return Outcome.Violated($"{probes[i]}: {before[i]} before the upgrade, {after} after");
        }
        return Outcome.Ok();
    }
}
