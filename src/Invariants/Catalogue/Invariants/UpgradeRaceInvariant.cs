using FsCheck;
using FsCheck.Fluent;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.Invariants.Shrinking;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>s390's <c>crst_table_upgrade</c> against gup_fast over a range just above the mm's <c>asce_limit</c>: every
/// page gup_fast pins was mapped at its address at some instant of the walk. gup_fast lets a range pass only below the
/// limit it reads (<c>gup_fast_permitted</c>), then walks from the top it reads (<c>READ_ONCE(mm-&gt;pgd)</c>), whose
/// index wraps modulo the table for an address above that top's reach; the upgrade stores the new top before the new
/// limit, so a walker that sees the new limit walks the new top.</summary>
public sealed class UpgradeRaceInvariant : MappedAtSomeInstantInvariant
{
    public override string Id => "upgrade-race";

    public override string Statement => "While s390's crst_table_upgrade adds a level, every page gup_fast pins above the old asce_limit was mapped there at some instant of the walk.";

    public override Expectation Expect(Model model, string? walker) =>
        model.Arch is not IDynamicFolding ? Expectation.NotApplicable("no crst_table_upgrade: the levels are fixed")
        : model.InitialLevels >= 5 ? Expectation.NotApplicable("already five levels: nothing to upgrade")
        : Expectation.Holds;

    protected override Gen<RaceWriter> Writers(Model model) => Gen.Constant((RaceWriter)new RaceWriter.Upgrade());

    /// <summary>Ranges of up to 8 pages reaching above the limit, from up to 3 pages below it, in an address space of
    /// mappings below it and perhaps the page at 0, which the first page above a 3-level limit aliases in the old top.</summary>
    public override Arbitrary<RaceCase> Arbitrary(Model model, string? walker, RunConfig config)
    {
        var limit = model.Reach;
        var page = model.Arch.Geometry.PageSize;
        var cases =
            from c in RaceCaseGenerators.Case(model, 8, Writers(model))
            from below in Gen.Choose(0, 3)
            from above in Gen.Choose(1, 8 - below)
            from atZero in Gen.Elements(true, false)
            let kept = c.Walk.Mappings.Where(m => m.End.Value <= limit && !(atZero && m.Va.Value < page)).ToList()
            let mappings = atZero ? [.. kept, PlannedMapping.At(model.Arch, new VirtualAddress(0), model.Arch.Geometry.BasePage, VmFlags.Read | VmFlags.Write)] : kept
            select c with { Walk = c.Walk with { Mappings = mappings, Range = WalkRange.Create(limit - (ulong)below * page, limit + (ulong)above * page) } };
        return Arb.From(cases, RaceCaseShrinker.Shrink);
    }
}
