using FsCheck;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.KernelOracle.Helpers;
using PgtableInvariants.Walkers;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>The model's helpers are the kernel's: every value helper at every level on the entries of generated
/// tables and on raw values, and the pointer helpers on live tables, answer as the tree's own helpers do.</summary>
public sealed class HelpersMatchKernelInvariant : Invariant<HelperCase>
{
    public override string Id => "helpers-match-kernel";

    public override string Statement => "Every helper of the model answers as the kernel tree's own helper, at every level, on entries, pointers and addresses.";

    public override bool NeedsKernel => true;

    public override Expectation Expect(Model model, string? walker) => Expectation.Holds;

    public override Arbitrary<HelperCase> Arbitrary(Model model, string? walker, RunConfig config) => HelperCaseGenerators.Arbitrary(model);

    public override Outcome Evaluate(HelperCase c, string? walker, RunConfig config, bool trace)
    {
        var kernel = config.Kernel ?? throw new WalkerError($"{Id} needs a kernel tree");
        var mm = c.Walk.Build();
        var range = c.Walk.Range;
        var probes = new[] { range.Start, range.End - range.PageSize }.Concat(c.Walk.Mappings.Select(m => m.Va)).Distinct();
        var queries = HelperQueries.For(mm, c.Walk.Build(), probes, c.Raws, range.End);
        var answers = kernel.Run(c.Walk.Model, mm, queries.Select(q => q.Request).ToList());
        return Outcome.FirstOf(queries.Zip(answers, (q, a) => q.Disagreement(a)));
    }
}
