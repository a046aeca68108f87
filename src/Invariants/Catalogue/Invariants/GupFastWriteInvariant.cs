using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>A page gup_fast takes for writing (FOLL_WRITE, asked for or added by 5.8's get_user_pages_fast) is one the
/// hardware lets the process write: otherwise a caller writes through the pin to a page that should have been copied
/// first.</summary>
public sealed class GupFastWriteInvariant : WalkerInvariant
{
    public override string Id => "gup-fast-write";

    public override string Statement => "gup_fast asked for write access pins only pages the hardware lets the process write.";

    public override IReadOnlyList<string> Walkers { get; } = [.. WalkerCatalogue.GupFast, .. KernelWalker.GupNames];

    public override Expectation Expect(Model model, string? walker) =>
        KnownDepartures.HugePudReadBitIsPudWrite(model)
            ? Expectation.Falsified(KnownDepartures.HugePudWriteBit
                + (KnownDepartures.FoldsDynamically(model) && KnownDepartures.OffsetsFromStackCopies(walker) ? $"; and {KnownDepartures.StackCopy(model)}" : ""))
            : Expectation.Holds;

    protected override Outcome Judge(WalkCase c, AddressSpace mm, WalkResult walk)
    {
        if (!c.Write && !walk.FollWrite)
            return Outcome.Ok(walk);
        foreach (var (va, pfn) in walk.EachPage())
        {
            var hardware = c.Model.Mmu.Translate(new Cpu(mm.Memory), mm, va, Access.Write);
            if (hardware.Pfn != pfn)
                return Outcome.Violated($"pinned {va} ({pfn}) for write; a write there gives {hardware}", walk);
        }
        return Outcome.Ok(walk);
    }
}
