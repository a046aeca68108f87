using PgtableInvariants.Arch;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;

namespace PgtableInvariants.Properties.Arch.OtherCpus;

/// <summary>How an interleaving places the other CPU's steps between the walker's loads, and what holds them up.</summary>
public sealed class InterleavingTests
{
    private static readonly VirtualAddress Page = new(0x20_0000);

    /// <summary>One page, its pte pointer, and a munmap of it that frees its tables after the IPI.</summary>
    private static (AddressSpace Mm, EntryPointer Ptep, OtherCpuOperation Munmap) OnePage(TableFreeing freeing = TableFreeing.AfterIpiFlush)
    {
        var mm = ModelCatalogue.X86FourLevel.NewAddressSpace();
        mm.Map(Page, new Pfn(0x100));
        var cpu = new Cpu(mm.Memory);
        var p = mm.Arch.PgdOffset(cpu, mm, Page);
        for (var level = Level.P4d; level <= Level.Pte; level++)
            p = mm.Arch.Offset(cpu, p, Page);
        return (mm, p, Munmap.Of(mm, Page, Page + 0x1000, freeing, 0));
    }

    private static (Cpu Walker, List<OtherCpuEvent> Seen) Walker(AddressSpace mm, Interleaving plan)
    {
        var seen = new List<OtherCpuEvent>();
        return (new Cpu(mm.Memory) { Others = plan.Start(mm, seen.Add) }, seen);
    }

    [Fact] // Step i comes just before the walker's load Before[i]: here the first two before load 1, the rest before load 3.
    public void EveryAccess_MakesEachStepJustBeforeItsAccess()
    {
        var (mm, ptep, munmap) = OnePage(TableFreeing.AtOnce);
        var plan = new Interleaving([munmap], [1, 1, .. munmap.Steps.Skip(2).Select(_ => 3L)]);
        var (walker, seen) = Walker(mm, plan);

        Assert.Equal(0x100UL, mm.Arch.Pfn(walker.Load(ptep)).Value);
        Assert.Empty(seen);
        Assert.True(mm.Arch.None(walker.Load(ptep)));
        Assert.Equal(["ptep_get_and_clear_full", "pmd_clear"], seen.Select(e => e.Step.Name));
        walker.Load(ptep);
        walker.Load(ptep);
        Assert.Equal(munmap.Steps.Count, seen.Count);
        Assert.Equal(2, plan.Switches);
    }

    [Fact] // Only loads of what the operation changes count: a load of the pgd, which it leaves alone here, does not.
    public void AccessToWhatItChanges_CountsOnlyLoadsOfWhatTheOperationStoresToOrFrees()
    {
        var (mm, ptep, munmap) = OnePage();
        var keep = new Pfn(0x300);
        mm.Map(new VirtualAddress(0x40_0000), keep);
        var untouched = mm.Arch.PgdOffset(new Cpu(mm.Memory), mm, Page);
        munmap = Munmap.Of(mm, Page, Page + 0x1000, TableFreeing.AfterIpiFlush, 0);
        var probe = new InterleavingProbe();
        var plan = new Interleaving([munmap], [.. munmap.Steps.Select(_ => 1L)], InterleavingTrigger.AccessToWhatItChanges, probe);
        var (walker, seen) = Walker(mm, plan);

        Assert.False(plan.Changes(untouched));
        Assert.True(plan.Changes(ptep));
        walker.Load(untouched);
        walker.Load(ptep);
        walker.Load(untouched);
        Assert.Empty(seen);
        walker.Load(ptep);
        Assert.NotEmpty(seen);
        Assert.Equal(2, probe.AccessesToWhatItChanges);
    }

    [Fact] // Only rcu_read_lock() calls count, no load: the oracle can stop the kernel's code there for the same steps.
    public void RcuReadLock_MakesTheStepsAtTheWalkersCall_AndTellsWhichStepCameBeforeWhichCall()
    {
        var (mm, ptep, munmap) = OnePage(TableFreeing.AtOnce);
        var probe = new InterleavingProbe();
        var plan = new Interleaving([munmap], [0, .. munmap.Steps.Skip(1).Select(_ => 1L)], InterleavingTrigger.RcuReadLock, probe, completesAfterWalk: false);
        var (walker, seen) = Walker(mm, plan);

        walker.Load(ptep);
        Assert.Empty(seen);
        walker.RcuReadLock();
        Assert.Equal(["ptep_get_and_clear_full"], seen.Select(e => e.Step.Name));
        Assert.True(mm.Arch.None(walker.Load(ptep)));
        walker.RcuReadLock();
        Assert.Equal(munmap.Steps.Count, seen.Count);
        Assert.Equal(2, probe.RcuReadLocks);
        Assert.Equal(2, probe.Accesses);
        Assert.Equal([0L, .. munmap.Steps.Skip(1).Select(_ => 1L)], probe.MadeDuringWalk.Select(m => m.Place));
        Assert.Equal(seen, probe.MadeDuringWalk.Select(m => m.Made));
    }

    [Fact] // local_irq_save: the IPI waits, and everything after it, until the walk is over.
    public void AWait_IsHeldUpWhileTheWalkerHasInterruptsOff_AndMadeWhenTheWalkIsOver()
    {
        var (mm, ptep, munmap) = OnePage();
        var plan = new Interleaving([munmap], [.. munmap.Steps.Select(_ => 0L)]);
        var (walker, seen) = Walker(mm, plan);
        walker.InterruptsDisabled = true;

        walker.Load(ptep);
        Assert.Single(seen, e => e.Held);
        walker.Load(ptep);
        walker.Load(ptep);
        var held = Assert.Single(seen, e => e.Held);
        Assert.Equal("flush_tlb_mm_range", held.Step.Name);
        Assert.All(mm.Memory.Tables, t => Assert.Equal(TablePageState.Live, t.State));

        walker.InterruptsDisabled = false;
        walker.Others!.Complete();
        Assert.Equal(["free_pages_and_swap_cache", "alloc_pages"], seen.SkipWhile(e => !e.Held).Skip(2).Select(e => e.Step.Name).Take(2));
        Assert.DoesNotContain(mm.Memory.Tables, t => t.Level == Level.Pte);
    }

    [Fact] // A watching schedule never makes the steps left after the walk.
    public void ASchedule_ThatDoesNotComplete_LeavesTheAddressSpaceAsTheWalkFoundIt()
    {
        var (mm, ptep, munmap) = OnePage();
        var plan = new Interleaving([munmap], [.. munmap.Steps.Select(_ => long.MaxValue)], completesAfterWalk: false);
        var (walker, seen) = Walker(mm, plan);

        walker.Load(ptep);
        walker.Others!.Complete();
        Assert.Empty(seen);
        Assert.Equal(new Pfn(0x100), mm.MappingAt(Page)!.Pfn);
    }

    [Fact] // The probe names the first load of a freed page, and what was there.
    public void TheProbe_TellsTheFirstReadOfAFreedTable()
    {
        var (mm, ptep, munmap) = OnePage(TableFreeing.AtOnce);
        var probe = new InterleavingProbe();
        var plan = new Interleaving([munmap], [.. munmap.Steps.Select(_ => 0L)], probe: probe);
        var (walker, _) = Walker(mm, plan);

        walker.Load(ptep);
        var (pointer, into) = probe.FirstFreedRead!.Value;
        Assert.Equal(ptep, pointer);
        Assert.Equal("another task's data", Assert.IsType<Target.FreedTableSlot>(into).ReusedAs);
    }

    [Fact]
    public void Places_AreOneAStep_NeverNegative_NeverDecreasing()
    {
        var (_, _, munmap) = OnePage();
        const string order = "the places of the steps are accesses in program order: never negative, never decreasing";
        Assert.Equal($"1 places for {munmap.Steps.Count} steps", Guard.Problem(Assert.Throws<ArgumentException>(() => new Interleaving([munmap], [0]))));
        Assert.Equal(order, Guard.Problem(Assert.Throws<ArgumentException>(() =>
            new Interleaving([munmap], [.. munmap.Steps.Select((_, i) => (long)(munmap.Steps.Count - i))]))));
        Assert.Equal(order, Guard.Problem(Assert.Throws<ArgumentException>(() => new Interleaving([munmap], [-1, .. munmap.Steps.Skip(1).Select(_ => 0L)]))));
    }

    [Fact] // A schedule changes an mm field when any of its operations stores to it (s390's crst_table_upgrade).
    public void Changes_AnMmField_WhenAnyOperationStoresToIt()
    {
        var (_, _, munmap) = OnePage();
        var upgrade = Upgrade.Of(ModelCatalogue.S390ThreeLevel.NewAddressSpace());
        var schedule = new Interleaving([munmap, upgrade], [.. munmap.Steps.Concat(upgrade.Steps).Select(_ => 0L)]);

        Assert.True(schedule.Changes(MmField.Pgd));
        Assert.False(new Interleaving([munmap], [.. munmap.Steps.Select(_ => 0L)]).Changes(MmField.Pgd));
    }
}
