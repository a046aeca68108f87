using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.KernelOracle.Mirroring;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>The model is the kernel: on the same address space, the model's walker of the tree's era pins (or
/// finds) the same frames in the same order, returns the same count, leaves the same holes, and the real code leaves
/// each head page with one reference per page it returned.</summary>
public sealed class WalkMatchesKernelInvariant : WalkerInvariant
{
    public override string Id => "walk-matches-kernel";

    public override string Statement => "The model's walker of the tree's era finds the same pages, count, holes and references as the kernel's own code.";

    public override IReadOnlyList<string> Walkers => KernelWalker.Names;

    public override bool NeedsKernel => true;

    /// <summary>Asked with the model's walker of the tree's era (see <c>InvariantRunner.Expect</c>).</summary>
    public override Expectation Expect(Model model, string? walker) =>
        KnownDepartures.FoldsDynamically(model) && KnownDepartures.OffsetsFromStackCopies(walker)
            ? Expectation.Falsified(KnownDepartures.StackContents(model))
            : KnownDepartures.FoldsPudIntoCopysPage(model, walker)
            ? Expectation.Falsified($"{KnownDepartures.PudFromStackPage}; {KnownDepartures.KernelFollowsItsStack}, the model what the case's stack layout puts there")
            : Expectation.Holds;

    public override Outcome Evaluate(WalkCase c, string? walker, RunConfig config, bool trace)
    {
        var kernel = config.Kernel ?? throw new WalkerError($"{Id} needs a kernel tree");
        var real = Resolve(walker!, c.Model, config).Walk(c.Build(), c.Range, c.Options(trace: false));
        var counterpart = KernelWalker.Counterpart(walker!, kernel.Tree.Era);
        var mm = c.Build();
        // E3: the model's gup_fast runs the entry point the kernel's walker calls (5.8 forces FOLL_WRITE only for one).
        var call = KernelWalker.CallOf(walker!);
        var model = WalkerCatalogue.Find(counterpart, c.Model)!.Walk(mm, c.Range, c.Options(trace) with { Call = call });
        return Outcome.FirstOf(Compare(AddressSpaceMirror.Folios(mm), real, model), model);
    }

    /// <summary>What tells <paramref name="real"/> from <paramref name="model"/>, first difference first; a huge page of
    /// <paramref name="folios"/> holds its pages' references on its head.</summary>
    internal static IEnumerable<string?> Compare(IReadOnlyList<Mapping> folios, WalkResult real, WalkResult model)
    {
        if (real.Fault is { Kind: WalkFaultKind.Oops } oops && model.Fault is null)
        {
            yield return $"{oops}; the model's {model.Walker} ends without a fault, with {model.PageCount} pages";
            yield break;
        }
        var kernelPages = real.EachPage().ToList();
        var modelPages = model.EachPage().ToList();
        for (var i = 0; i < Math.Max(kernelPages.Count, modelPages.Count); i++)
        {
            if (i >= kernelPages.Count || i >= modelPages.Count || kernelPages[i] != modelPages[i])
            {
                yield return $"page {i}: the kernel's {real.Walker} gives {Page(kernelPages, i)}, the model's {model.Walker} {Page(modelPages, i)}";
                yield break;
            }
        }
        if (real.References is { } references)
        {
            if (real.Returned is { } returned && returned >= 0 && (ulong)returned != real.PageCount)
                yield return $"the kernel returned {returned} but gave {real.PageCount} pages";
            var expected = ExpectedReferences(folios, modelPages);
            if (!expected.SequenceEqual(references))
                yield return $"references left: the kernel {Text(references)}, one per page returned {Text(expected)}";
        }
        else if (!real.Holes.SequenceEqual(model.Holes))
        {
            yield return $"holes: the kernel {string.Join(", ", real.Holes)}; the model {string.Join(", ", model.Holes)}";
        }
    }

    /// <summary>Each page returned holds one reference on its head page (a huge leaf's folio head), from 1.</summary>
    private static List<PageReference> ExpectedReferences(IReadOnlyList<Mapping> folios, IEnumerable<(VirtualAddress Va, Pfn Pfn)> pages) =>
        pages.Select(p => AddressSpaceMirror.HeadOf(folios, p.Pfn)).GroupBy(h => h)
            .Select(g => new PageReference(g.Key, 1 + g.Count())).OrderBy(r => r.Head).ToList();

    private static string Page(List<(VirtualAddress Va, Pfn Pfn)> pages, int i) =>
        i < pages.Count ? $"{pages[i].Va} -> {pages[i].Pfn}" : "nothing";

    private static string Text(IReadOnlyList<PageReference> references) =>
        references.Count == 0 ? "none" : string.Join(", ", references);

    protected override Outcome Judge(WalkCase c, AddressSpace mm, WalkResult walk) => Outcome.Ok(walk);
}
