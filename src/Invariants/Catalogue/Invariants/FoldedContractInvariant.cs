using FsCheck;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;
using PgtableInvariants.Invariants.Running;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>The nop headers' contract for a folded level, checked where the mm folds it: <c>pXd_offset</c> returns
/// its argument, the parent's none/bad/present are vacuous, and <c>pXd_addr_end</c> gives the parent's step end, so
/// the folded loop body runs once.</summary>
public sealed class FoldedContractInvariant : Invariant<WalkCase>
{
    public override string Id => "folded-contract";

    public override string Statement => "On a folded level, offset returns its argument (a level folded into its parent's page at run time: that page's slot of its index), the parent's none/bad/present are vacuous, and the loop body runs once (a level folded into its parent's page: as the hardware's level).";

    public override Expectation Expect(Model model, string? walker) =>
        model.InitialLevels == 5 ? Expectation.NotApplicable("no level is folded")
        : KnownDepartures.FoldsDynamically(model) ? Expectation.Falsified(KnownDepartures.StaticAddrEnd(model))
        : Expectation.Holds;

    public override Arbitrary<WalkCase> Arbitrary(Model model, string? walker, RunConfig config) => WalkCaseGenerators.Arbitrary(model, 4096, config.Layout);

    public override Outcome Evaluate(WalkCase c, string? walker, RunConfig config, bool trace)
    {
        var mm = c.Build();
        var arch = mm.Arch;
        var cpu = new Cpu(mm.Memory);
        var addr = c.Range.Start;
        var p = arch.PgdOffset(cpu, mm, addr);
        var stepEnd = arch.AddrEnd(Level.Pgd, addr, c.Range.End);
        for (var level = Level.P4d; level <= Level.Pmd; level++)
        {
            var parentp = p;
            var parent = cpu.Load(parentp);
            var name = level.Name();
            if (arch.MmFolded(mm, level))
            {
                p = arch.Offset(cpu, parentp, addr);
                var levelEnd = arch.AddrEnd(level, addr, stepEnd);
                var inParentPage = arch.Geometry[level].Fold == FoldKind.RuntimeInParentPage;
                var expected = inParentPage
                    ? arch.Geometry.Pointer(level, parentp.Address & ~(arch.Geometry.PageSize - 1)) + arch.Index(level, addr)
                    : parentp.As(level);
                var violation =
                    p.Address != expected.Address ? $"{name}_offset({parentp}, {addr}) = {p}, not {(inParentPage ? $"slot {arch.Index(level, addr)} of its argument's page" : "its argument")}"
                    : arch.None(parent) || !arch.Present(parent) || arch.Bad(parent) ? $"{parent.Level.Name()}_none/present/bad are not vacuous on {parent}"
                    : levelEnd != stepEnd && !inParentPage ? $"{name}_addr_end({addr}, {stepEnd}) = {levelEnd}: the folded {name} loop runs more than once"
                    : null;
                if (violation is not null)
                    return Outcome.Violated(violation);
                stepEnd = levelEnd;
                continue;
            }
            if (arch.None(parent) || arch.Leaf(parent) || arch.Bad(parent))
                break;
            p = arch.Offset(cpu, parentp, addr);
            stepEnd = arch.AddrEnd(level, addr, stepEnd);
        }
        return Outcome.Ok();
    }
}
