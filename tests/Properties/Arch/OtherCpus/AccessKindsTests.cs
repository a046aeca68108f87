using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;

namespace PgtableInvariants.Properties.Arch.OtherCpus;

/// <summary>The walker's accesses besides whole loads, which the other CPU can come before: a grab of references, a
/// load of an mm field, a load of one half of a PAE entry.</summary>
public sealed class AccessKindsTests
{
    [Fact] // try_grab_folio on a folio the operation counts is an access to what it changes; on another folio it is not.
    public void AGrab_IsAnAccessToWhatItChanges_OnlyOnACountedFolio()
    {
        var model = ModelCatalogue.Find("arm64/4k/48@v6.12")!;
        var mm = model.NewAddressSpace();
        var huge = model.Arch.Geometry.Leaf(Level.Pmd);
        mm.Map(new VirtualAddress(huge.Bytes), new Pfn(huge.Frames), huge);
        var op = Migrate.Of(mm, new VirtualAddress(huge.Bytes), new Pfn(0x4_0000));
        var probe = new InterleavingProbe();
        var walker = new Cpu(mm.Memory) { Others = new Interleaving([op], [.. op.Steps.Select(_ => 0L)], InterleavingTrigger.AccessToWhatItChanges, probe, completesAfterWalk: false).Start(mm) };

        walker.Grab(new Pfn(huge.Frames + 7));
        Assert.Equal((1, 1), (probe.Accesses, probe.AccessesToWhatItChanges));
        Assert.True(op.Counts(new Pfn(huge.Frames + 7), 1));
        walker.Grab(new Pfn(0x99));
        Assert.Equal((2, 1), (probe.Accesses, probe.AccessesToWhatItChanges));
        Assert.False(op.Counts(new Pfn(0x99), 1));
        Assert.Equal(2, mm.Memory.References.Runs.Count());
    }

    [Fact] // s390's gup_fast_permitted reads asce_limit, pgd_offset reads mm->pgd: the upgrade's stores land between.
    public void MmLoads_AreAccessesToWhatTheUpgradeChanges_AndSeeItsStores()
    {
        var mm = ModelCatalogue.S390ThreeLevel.NewAddressSpace();
        var op = Upgrade.Of(mm);
        var probe = new InterleavingProbe();
        var walker = new Cpu(mm.Memory) { Others = new Interleaving([op], [0, 0, 1, 9], InterleavingTrigger.AccessToWhatItChanges, probe).Start(mm) };
        var oldPgd = mm.Pgd;

        var limit = walker.LoadMm(mm, MmField.AsceLimit);
        var pgd = walker.LoadMm(mm, MmField.Pgd);

        Assert.Equal(1UL << 42, limit);
        Assert.NotEqual(oldPgd, pgd);
        Assert.Equal(pgd, mm.Pgd);
        Assert.Equal(2, probe.AccessesToWhatItChanges);
        Assert.Equal(0, walker.Loads);
    }

    [Fact] // On PAE a half store changes one half; a half load reads one, after whatever the other CPU made first.
    public void HalfStoresAndLoads_ChangeAndReadOneHalfOfTheEntry()
    {
        var pae = ModelCatalogue.Find("i386/pae")!;
        var mm = pae.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(1));
        var op = FaultIn.Of(mm, new VirtualAddress(0x2000), new Pfn(0x12_3456));
        var ptep = mm.Slot(new VirtualAddress(0x2000), Level.Pte)!.Value;
        var walker = new Cpu(mm.Memory) { Others = new Interleaving([op], [1, 2]).Start(mm) };

        Assert.Equal(["set_pte: pte_high", "set_pte: pte_low"], op.Steps.Select(s => s.Name));
        Assert.Equal(0u, walker.LoadHalf(ptep, high: false));
        Assert.Equal(0x8000_0001u, walker.LoadHalf(ptep, high: true));
        Assert.NotEqual(0u, walker.LoadHalf(ptep, high: false));
        Assert.Equal(new Pfn(0x12_3456), pae.Arch.Pfn(new Cpu(mm.Memory).Load(ptep)));
        Assert.Equal(new Pfn(0x12_3456), mm.MappingAt(new VirtualAddress(0x2000))!.Pfn);
        Assert.Equal(3, walker.Loads);
    }

    [Fact] // Where entries are whole, the fault is one set_pte_at.
    public void WholeEntries_FaultInIsOneStore()
    {
        var mm = ModelCatalogue.X86FourLevel.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(1));

        Assert.Equal(["set_pte_at"], FaultIn.Of(mm, new VirtualAddress(0x2000), new Pfn(2)).Steps.Select(s => s.Name));
        Assert.Empty(FaultIn.Of(mm, new VirtualAddress(0x1000), new Pfn(2)).Steps);
        Assert.Equal("do_anonymous_page(0x2000)", FaultIn.Of(mm, new VirtualAddress(0x2000), new Pfn(2)).Name);
        Assert.False(ModelCatalogue.X86FourLevel.Arch.SplitsEntries);
        Assert.True(ModelCatalogue.Find("i386/pae")!.Arch.SplitsEntries);
    }
}
