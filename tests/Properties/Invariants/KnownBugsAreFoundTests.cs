using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Properties.Invariants;

/// <summary>The suite finds the s390 bugs by itself and shrinks each to its minimal counterexample (the gup_fast bug that d3f7b1bb2040 fixed in 5.9),
/// and the same class of bug where it came back on arm64 (6.9–6.10, fixed by 36639013b346), and riscv's P4D_SHIFT left at 39 in
/// Sv39 (5.18 to 6.1.1, fixed by 71fc3621efc3).</summary>
public sealed class KnownBugsAreFoundTests
{
    private static readonly WalkRange AcrossLowestTwoGiB = WalkRange.Create(0x7fff_f000, 0x8000_1000);
    private static readonly WalkRange AcrossLowestFourTiB = WalkRange.Create(0x3ff_ffff_f000, 0x400_0000_1000);

    private static readonly RunConfig CallerCopy = RunConfig.Default with { Layout = StackLayout.CallerCopy };

    private static CheckResult Check(string id, Model model, string? walker, RunConfig? config = null)
    {
        var result = InvariantCatalogue.Find(id)!.Check(model, walker, config ?? RunConfig.Default);
        Assert.Equal(Verdict.Falsified, result.Verdict);
        return result;
    }

    [Fact] // With the caller's copy beside gup_pud_range's (caller-copy), the escaped pudp reads a real entry and pins; under
           // KASAN (redzone, lockless-reads below) it faults, and check, which draws every layout, shrinks to that fault.
    public void GupFastPrefix_S390ThreeLevel_V58_ShrinksToTwoPagesAcrossTheLowestTwoGiBBoundary()
    {
        var result = Check("gup-fast-prefix", ModelCatalogue.S390ThreeLevel, WalkerCatalogue.GupFastV58, CallerCopy);
        var c = Assert.IsType<WalkCase>(result.Counterexample);
        Assert.Equal(AcrossLowestTwoGiB, c.Range);
        Assert.InRange(c.Mappings.Count, 1, 2);
        Assert.Contains("for 0x80000000", result.Violation, StringComparison.Ordinal);
        Assert.Contains(result.Walk!.Trace.OfHelper("pudp++"), s => s.Into is Target.StackCopySlot);
    }

    [Fact]
    public void LocklessReads_S390ThreeLevel_V58_UnderRedZone_ShrinksToTwoPagesAcrossTheLowestTwoGiBBoundary()
    {
        var result = Check("lockless-reads", ModelCatalogue.S390ThreeLevel, WalkerCatalogue.GupFastV58, RunConfig.Default with { Layout = StackLayout.RedZone });
        var c = Assert.IsType<WalkCase>(result.Counterexample);
        Assert.Equal(StackLayout.RedZone, c.Layout);
        Assert.Equal(AcrossLowestTwoGiB, c.Range);
        Assert.InRange(c.Mappings.Count, 1, 2);
        Assert.Contains("red zone", result.Violation, StringComparison.Ordinal);
        Assert.Equal(FaultKind.StackOutOfBounds, result.Walk!.Fault?.Memory?.Kind);
    }

    [Fact]
    public void GupFastPrefix_S390FourLevel_V58_ShrinksToTwoPagesAcrossTheLowestFourTiBBoundary()
    {
        var result = Check("gup-fast-prefix", ModelCatalogue.S390FourLevel, WalkerCatalogue.GupFastV58, CallerCopy);
        var c = Assert.IsType<WalkCase>(result.Counterexample);
        Assert.Equal(AcrossLowestFourTiB, c.Range);
        Assert.InRange(c.Mappings.Count, 1, 2);
        Assert.Contains(result.Walk!.Trace.OfHelper("p4dp++"), s => s.Into is Target.StackCopySlot);
    }

    [Fact]
    public void Iterator_S390ThreeLevel_Pagewalk_ShrinksToARangeAcrossOneTwoGiBBoundary()
    {
        var result = Check("iterator", ModelCatalogue.S390ThreeLevel, WalkerCatalogue.PageWalk);
        var c = Assert.IsType<WalkCase>(result.Counterexample);
        Assert.Equal(AcrossLowestTwoGiB, c.Range);
        Assert.Empty(c.Mappings);
        Assert.StartsWith("pudp++ in walk_pud_range", result.Violation, StringComparison.Ordinal);
    }

    [Fact] // The arm64 bug of 2024, from the generic fallback of d3f7b1bb2040 and arm64's run-time pud folding (6.9).
    public void LocklessReads_Arm64SixteenK52PudFolded_V610_ShrinksToOnePageReadFromTheStacksPage()
    {
        var model = ModelCatalogue.Find("arm64/16k/52-pud-folded@v6.10")!;
        var result = Check("lockless-reads", model, WalkerCatalogue.GupFastV61);
        var c = Assert.IsType<WalkCase>(result.Counterexample);
        Assert.Equal(WalkRange.Create(0, 0x4000, 14), c.Range);
        Assert.Empty(c.Mappings);
        var pudp = Assert.Single(result.Walk!.Trace.OfHelper("pud_offset_lockless"));
        Assert.Equal(new Target.DeadStack(SimulatedStack.ThreadSize64, IsEnd: true), pudp.Into);
        Assert.Contains("STACK_END_MAGIC", result.Violation, StringComparison.Ordinal);
    }

    [Fact] // The same bug as gup_fast's callers meet it: a range at the top of the 47-bit space reads the pud from the top
           // slots of the stack's page, where a KASAN kernel keeps the red zone after gup_pgd_range's copy of the pgd.
    public void GupFastPrefix_Arm64SixteenK52PudFolded_V610_ShrinksToOnePageWhoseWalkReadsTheRedZone()
    {
        var model = ModelCatalogue.Find("arm64/16k/52-pud-folded@v6.10")!;
        var result = Check("gup-fast-prefix", model, WalkerCatalogue.GupFastV61);
        var c = Assert.IsType<WalkCase>(result.Counterexample);
        // The first page of pud slot 0x7f9, the lowest whose read (0x3fc8 into the stack's page) is in the red zone.
        Assert.Equal(WalkRange.Create(0x7f9000000000, 0x7f9000004000, 14), c.Range);
        Assert.Empty(c.Mappings);
        Assert.Equal(StackLayout.RedZone, c.Layout);
        var pudp = Assert.Single(result.Walk!.Trace.OfHelper("pud_offset_lockless"));
        Assert.IsType<Target.StackRedZone>(pudp.Into);
        Assert.Equal(FaultKind.StackOutOfBounds, result.Walk.Fault?.Memory?.Kind);
    }

    [Theory] // 36639013b346 (6.11) and every model without the run-time pud fold hold on the inputs that break 6.10.
    [InlineData("arm64/16k/52-pud-folded@v6.11")]
    [InlineData("arm64/16k/52-pud-folded@v6.12")]
    [InlineData("arm64/16k/52@v6.10")]
    [InlineData("arm64/4k/52-p4d-folded@v6.10")]
    public void LocklessReads_Arm64_HoldsOnTheCasesThatBreakSixteenK52PudFoldedV610(string name)
    {
        var seed = Seed.For("lockless-reads", "arm64/16k/52-pud-folded@v6.10", WalkerCatalogue.GupFastV61);
        var model = ModelCatalogue.Find(name)!;
        var walker = WalkerCatalogue.InEra(WalkerCatalogue.GupFastKind, model.Era)!;
        var result = InvariantCatalogue.Find("lockless-reads")!.Check(model, walker, RunConfig.Default with { Seed = seed });
        Assert.Equal(Verdict.Holds, result.Verdict);
    }

    [Theory] // riscv Sv57 support (d10efa21a937, 5.18) folds the p4d at boot in Sv39 but keeps P4D_SHIFT the constant 39, still in 6.0.
    [InlineData("riscv/sv39@v5.18")]
    [InlineData("riscv/sv39@v6.0")]
    public void Geometry_RiscvSv39_BeforeTheFix_ShrinksToAddressZeroAndTheP4dShift(string name)
    {
        var result = Check("geometry", ModelCatalogue.Find(name)!, null);
        var c = Assert.IsType<AddressCase>(result.Counterexample);
        Assert.Equal(new VirtualAddress(0), c.Addr);
        Assert.Equal("mm_p4d_folded, yet P4D_SHIFT is 39, not its parent's 30", result.Violation);
    }

    [Theory] // 71fc3621efc3 (Debian 6.1.192, 6.12) and the modes that fold no p4d below a 39-bit pgd hold on the same inputs.
    [InlineData("riscv/sv39@v6.1")]
    [InlineData("riscv/sv39@v6.12")]
    [InlineData("riscv/sv48@v5.18")]
    [InlineData("riscv/sv57@v5.18")]
    [InlineData("riscv/sv48@v6.12")]
    [InlineData("riscv/sv57@v6.12")]
    public void Geometry_Riscv_HoldsOnTheCasesThatBreakSv39V518(string name)
    {
        var seed = Seed.For("geometry", "riscv/sv39@v5.18", null);
        var result = InvariantCatalogue.Find("geometry")!.Check(ModelCatalogue.Find(name)!, null, RunConfig.Default with { Seed = seed });
        Assert.Equal(Verdict.Holds, result.Verdict);
    }

    [Theory] // Both fixes hold where 5.8 fails, on the same inputs (same seed).
    [InlineData("gup-fast-prefix", WalkerCatalogue.GupFastRfc)]
    [InlineData("gup-fast-prefix", WalkerCatalogue.GupFastV59)]
    [InlineData("lockless-reads", WalkerCatalogue.GupFastRfc)]
    [InlineData("lockless-reads", WalkerCatalogue.GupFastV59)]
    public void Fixes_S390ThreeLevel_HoldOnTheCasesThatBreakV58(string id, string walker)
    {
        var seed = Seed.For(id, ModelCatalogue.S390ThreeLevel.Name, WalkerCatalogue.GupFastV58);
        var result = InvariantCatalogue.Find(id)!.Check(ModelCatalogue.S390ThreeLevel, walker, RunConfig.Default with { Seed = seed });
        Assert.Equal(Verdict.Holds, result.Verdict);
    }

    [Fact] // gup-fast-write: a read-only 2 GiB leaf is pinned for writing until 6.11 (6.1's gup_fast on 6.1's helpers,
            // which are 5.8's for s390), and not by 6.12's gup_fast on 6.12's helpers (3e93d49175a7), on the same seed.
    public void GupFastWrite_S390_FoundIn61_FixedIn612()
    {
        var result = Check("gup-fast-write", ModelCatalogue.S390ThreeLevel, WalkerCatalogue.GupFastV61);
        var c = Assert.IsType<WalkCase>(result.Counterexample);
        Assert.Contains(c.Mappings, m => m.Size.Bytes == 1UL << 31 && !m.Flags.HasFlag(PgtableInvariants.Arch.Entries.VmFlags.Write));
        Assert.Contains("for write", result.Violation, StringComparison.Ordinal);
        var seed = Seed.For("gup-fast-write", ModelCatalogue.S390ThreeLevel.Name, WalkerCatalogue.GupFastV61);
        var fixedModel = ModelCatalogue.For("s390/3level", KernelEra.V6_12)!;
        Assert.Equal(Verdict.Holds, InvariantCatalogue.Find("gup-fast-write")!.Check(fixedModel, WalkerCatalogue.GupFastV612, RunConfig.Default with { Seed = seed }).Verdict);
    }

    [Fact] // The same seed gives the same counterexample, violation and trace.
    public void Replay_SameSeed_SameCounterexampleAndTrace()
    {
        var config = RunConfig.Default with { Seed = new Seed(12345, 6789) };
        var first = Check("gup-fast-prefix", ModelCatalogue.S390ThreeLevel, WalkerCatalogue.GupFastV58, config);
        var second = Check("gup-fast-prefix", ModelCatalogue.S390ThreeLevel, WalkerCatalogue.GupFastV58, config);
        Assert.Equal(first.Original!.ToString(), second.Original!.ToString());
        Assert.Equal(first.Counterexample!.ToString(), second.Counterexample!.ToString());
        Assert.Equal(first.Violation, second.Violation);
        Assert.Equal(first.Walk!.Trace.Render(), second.Walk!.Trace.Render());
    }

    [Fact]
    public void Seed_RoundTripsThroughFsChecksText()
    {
        var seed = Seed.For("iterator", "s390/3level", "pagewalk");
        Assert.True(Seed.TryParse(seed.ToString(), out var parsed));
        Assert.Equal(seed, parsed);
        Assert.False(Seed.TryParse("(1,2)", out _));
        Assert.False(Seed.TryParse("nonsense", out _));
    }

    [Fact] // a counterexample's mappings are real: built into an address space, the wrong page is there.
    public void Counterexample_RebuildsIntoTheFailingWalk()
    {
        var result = Check("gup-fast-prefix", ModelCatalogue.S390ThreeLevel, WalkerCatalogue.GupFastV58);
        var c = (WalkCase)result.Counterexample!;
        var walk = WalkerCatalogue.Find(WalkerCatalogue.GupFastV58, c.Model)!.Walk(c.Build(), c.Range, c.Options(trace: true));
        Assert.Equal(result.Walk!.Trace.Render(), walk.Trace.Render());
        Assert.NotEqual(new Pfn(0x80000), walk.PfnAt(new VirtualAddress(0x8000_0000)));
    }
}
