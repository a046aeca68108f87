using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.GupFast;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Properties.Walkers.GupFast;

/// <summary>Where gup_fast calls <c>rcu_read_lock()</c>, the places a writer can be scheduled at in the model and in the
/// kernel's own code alike: 6.12's <c>pte_offset_map</c> once a pte table, <c>page_ref_add_unless</c> once a grab (one
/// for a whole huge leaf); 6.1's fast walk calls it nowhere.</summary>
public sealed class GupFastRcuReadLockTests
{
    private static readonly Model Model = ModelCatalogue.X86FourLevel;

    private static int RcuReadLocks(GupFastShape shape, Action<PgtableInvariants.Arch.AddressSpaces.AddressSpace> map, ulong end)
    {
        var mm = Model.NewAddressSpace();
        map(mm);
        var probe = new InterleavingProbe();
        var none = new OtherCpuOperation("nothing", []);
        new GupFastWalker(shape).Walk(mm, WalkRange.Create(0, end), WalkOptions.Default with
        {
            OtherCpus = new Interleaving([none], [], InterleavingTrigger.RcuReadLock, probe, completesAfterWalk: false),
        });
        return probe.RcuReadLocks;
    }

    private static void ThreePages(PgtableInvariants.Arch.AddressSpaces.AddressSpace mm)
    {
        for (var i = 0UL; i < 3; i++)
            mm.Map(new VirtualAddress(i * 0x1000), new Pfn(0x100 + i));
    }

    private static void OneHugePmd(PgtableInvariants.Arch.AddressSpaces.AddressSpace mm) =>
        mm.Map(new VirtualAddress(0), new Pfn(0x200), Model.Arch.Geometry.Leaf(PgtableInvariants.Arch.Levels.Level.Pmd));

    [Fact]
    public void In_6_12_pte_offset_map_and_every_grab_call_rcu_read_lock() =>
        Assert.Equal(1 + 3, RcuReadLocks(GupFastShape.V6_12, ThreePages, 0x3000));

    [Fact]
    public void In_6_12_a_huge_leaf_is_grabbed_under_one_rcu_read_lock() =>
        Assert.Equal(1, RcuReadLocks(GupFastShape.V6_12, OneHugePmd, 0x3000));

    [Fact]
    public void In_6_1_the_fast_walk_calls_no_rcu_read_lock() =>
        Assert.Equal(0, RcuReadLocks(GupFastShape.V6_1, ThreePages, 0x3000));
}
