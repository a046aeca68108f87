using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers.GupFast;
using PgtableInvariants.Invariants.Running;

namespace PgtableInvariants.Invariants.Catalogue;

/// <summary>One invariant of the catalogue: a stable id, a one-line statement, where it applies, what it is
/// expected to give per (model, walker), and how to check it.</summary>
public interface IInvariant
{
    /// <summary>Stable kebab-case id, e.g. <c>gup-fast-prefix</c>.</summary>
    string Id { get; }

    /// <summary>The invariant as one sentence.</summary>
    string Statement { get; }

    /// <summary>The walkers it is checked on, or empty for an invariant of the model alone.</summary>
    IReadOnlyList<string> Walkers { get; }

    /// <summary>True for an invariant that compares the model with the kernel's own code: it has cells only when a
    /// kernel tree is given.</summary>
    bool NeedsKernel { get; }

    /// <summary>True for an invariant of the model alone that the kernel's own code answers too: with a kernel tree it
    /// has a cell that checks the tree's compiled constants, as the walker invariants check the tree's walkers.</summary>
    bool ChecksKernelConstants { get; }

    /// <summary>How many cases a cell draws for each case the run asks of every cell (<c>--max-tests</c>): more than one
    /// only for an invariant whose departures need several rare draws at once, so that its expected verdicts do not
    /// depend on the seed.</summary>
    int CasesPerAskedCase { get; }

    /// <summary>The expected verdict of a gup cell whose walk is entered by <paramref name="call"/>; the same as
    /// <see cref="Expect(Model, string?)"/> unless the entry point changes it (5.8 forces FOLL_WRITE in
    /// get_user_pages_fast only).</summary>
    Expectation Expect(Model model, string? walker, GupCall call);

    /// <summary>The expected verdict of a kernel walker's cell whose model walker of the tree's era is
    /// <paramref name="counterpart"/>: the counterpart's, unless the two read memory the case does not decide.</summary>
    Expectation ExpectOfKernel(Model model, string counterpart, GupCall call);

    /// <summary>The expected verdict on <paramref name="model"/> and <paramref name="walker"/> (null for a model invariant).</summary>
    Expectation Expect(Model model, string? walker);

    /// <summary>Checks it on one cell and returns values, not text.</summary>
    CheckResult Check(Model model, string? walker, RunConfig config);
}
