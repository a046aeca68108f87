using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;
using PgtableInvariants.KernelOracle.Mirroring;
using PgtableInvariants.KernelOracle.Walkers;

namespace PgtableInvariants.Properties.KernelOracle;

/// <summary>The steps another CPU made during a model walk become the stores the server makes at the same
/// <c>rcu_read_lock()</c> calls of the kernel's code: a store as it is, a count of references given up as its give-up
/// store, a reused table page as its new owner's word in every slot, a wait or a flush as nothing; a half entry or a
/// field of the mm cannot be armed.</summary>
public sealed class OtherCpuMirrorTests
{
    private static readonly Model X86 = ModelCatalogue.X86FourLevel;

    private static (AddressSpace Mm, EntryPointer Pte, PageTable Table) OnePage()
    {
        var mm = X86.NewAddressSpace();
        mm.Map(new VirtualAddress(0), new Pfn(0x100));
        var pte = mm.Slot(new VirtualAddress(0), Level.Pte)!.Value;
        return (mm, pte, mm.Memory.TableAt(pte.Address)!);
    }

    private static (OtherCpuEvent, long) Made(OtherCpuStep step, long place, bool gaveUp = false) =>
        (new OtherCpuEvent(1, new OtherCpuOperation("op", [step]), step, Held: false, GaveUp: gaveUp), place);

    [Fact]
    public void Stores_are_armed_at_the_call_after_the_place_they_came_before()
    {
        var (_, pte, _) = OnePage();
        var empty = new Entry(Level.Pte, 0);
        var stores = OtherCpuMirror.Stores([Made(new OtherCpuStep.Store("ptep_clear", pte, empty), 0), Made(new OtherCpuStep.BroadcastFlush("flush"), 0), Made(new OtherCpuStep.WaitForIpi("ipi"), 2)]);
        Assert.Equal([new ArmedStore(1, pte, empty)], stores!);
    }

    [Fact]
    public void A_count_of_references_given_up_on_is_its_give_up_store_and_one_that_went_on_is_nothing()
    {
        var (mm, pte, _) = OnePage();
        var back = new OtherCpuStep.Store("set_pte_at", pte, new Entry(Level.Pte, 0x100067));
        var check = new OtherCpuStep.CheckReferences("isolate", [.. mm.Mappings], back);
        Assert.Equal([new ArmedStore(2, pte, back.Value)], OtherCpuMirror.Stores([Made(check, 1, gaveUp: true)])!);
        Assert.Empty(OtherCpuMirror.Stores([Made(check, 1)])!);
    }

    [Fact]
    public void A_reused_table_page_gets_its_new_owners_word_in_every_slot()
    {
        var (_, _, table) = OnePage();
        var stores = OtherCpuMirror.Stores([Made(new OtherCpuStep.ReuseTable("alloc_pages", table, "a slab", 0x666), 3)])!;
        Assert.Equal(table.Entries, stores.Count);
        Assert.All(stores, s => Assert.Equal((4L, 0x666UL), (s.Call, s.Value.Raw)));
        Assert.Equal(table.At(table.Entries - 1), stores[^1].Slot);
    }

    [Fact]
    public void A_half_entry_or_a_field_of_the_mm_cannot_be_armed()
    {
        var (_, pte, _) = OnePage();
        Assert.Null(OtherCpuMirror.Stores([Made(new OtherCpuStep.StoreHalf("pte_low", pte, 1, High: false), 0)]));
        Assert.Null(OtherCpuMirror.Stores([Made(new OtherCpuStep.StoreMm("mm->pgd", MmField.Pgd, 0), 0)]));
    }

    [Fact]
    public void The_frames_an_operation_maps_are_its_new_mappings()
    {
        var (mm, pte, _) = OnePage();
        var copy = new Mapping(new VirtualAddress(0), new Pfn(0x900), X86.Arch.Geometry.BasePage, VmFlags.Read | VmFlags.Write);
        var remap = new OtherCpuOperation("wp_page_copy", [new OtherCpuStep.Store("ptep_clear_flush", pte, new Entry(Level.Pte, 0), Ends: mm.Mappings.First()), new OtherCpuStep.Store("set_pte_at", pte, new Entry(Level.Pte, 0x900067), Begins: copy)]);
        Assert.Equal([copy], OtherCpuMirror.NewMappings(remap));
    }
}
