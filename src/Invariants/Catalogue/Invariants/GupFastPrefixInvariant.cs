using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.GupFast;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>gup_fast's contract with its callers: <c>pages[0..nr)</c> are the pages of <c>start + i * PAGE_SIZE</c>,
/// each the page the hardware reaches for that address, and the walk never faults.</summary>
public sealed class GupFastPrefixInvariant : WalkerInvariant
{
    public override string Id => "gup-fast-prefix";

    public override string Statement => "gup_fast pins an address-ordered prefix of the range, each page the hardware's page for its address, and never faults.";

    public override IReadOnlyList<string> Walkers { get; } = [.. WalkerCatalogue.GupFast, .. KernelWalker.GupNames];

    public override Expectation Expect(Model model, string? walker) =>
        KnownDepartures.StackCopyDeparture(model, walker) is { } reason ? Expectation.Falsified(reason) : Expectation.Holds;

    /// <summary>Where the model's walker reads a pud from its stack copy's page, the kernel's reads its own stack there
    /// and may follow it into an oops.</summary>
    public override Expectation ExpectOfKernel(Model model, string counterpart, GupCall call) =>
        KnownDepartures.FoldsPudIntoCopysPage(model, counterpart)
            ? Expectation.Falsified($"{KnownDepartures.PudFromStackPage}; {KnownDepartures.KernelFollowsItsStack}")
            : Expect(model, counterpart, call);

    protected override Outcome Judge(WalkCase c, AddressSpace mm, WalkResult walk)
    {
        if (walk.Fault is not null)
            return Outcome.Violated($"gup_fast faulted: {walk.Fault}", walk);
        var expected = c.Range.Start;
        foreach (var (va, pfn) in walk.EachPage())
        {
            if (va != expected)
                return Outcome.Violated($"pinned {va} where the prefix needs {expected}", walk);
            var hardware = c.Model.Mmu.Translate(new Cpu(mm.Memory), mm, va, Access.Read);
            if (hardware.Pfn != pfn)
                return Outcome.Violated($"pinned {pfn} for {va}, the hardware gives {hardware}", walk);
            expected += c.Range.PageSize;
        }
        return Outcome.Ok(walk);
    }
}
