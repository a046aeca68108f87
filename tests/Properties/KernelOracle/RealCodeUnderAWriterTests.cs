using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.KernelOracle;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.GupFast;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Properties.KernelOracle;

/// <summary>The kernel's own 6.12 gup_fast (x86-64), stopped where it calls <c>rcu_read_lock()</c> for another CPU's
/// stores: its re-checks drop what changed after it was read, as the model's gup_fast does under the same schedule, and
/// <c>race-matches-kernel</c> tells a model without them from the real code.</summary>
public sealed class RealCodeUnderAWriterTests
{
    private static readonly Model X86 = ModelCatalogue.Find("x86-64/4level@v6.12")!;

    /// <summary>The x86-64 code of the prepared 6.12 tree; the test ends (skipped, or failed under CI) without one.</summary>
    private static KernelCode Kernel()
    {
        if (PreparedKernels.Trees.Count == 0)
            PreparedKernels.End("");
        var tree = PreparedKernels.Trees.FirstOrDefault(t => PreparedKernels.Open(t)?.Era == KernelEra.V6_12);
        if (tree is null)
            Assert.Skip($"none of the prepared trees is a 6.12 one: {string.Join(", ", PreparedKernels.Trees)}");
        return PreparedKernels.Code(tree, "x86-64");
    }

    /// <summary>Two base pages at 0 (frames 0x100, 0x101) in one pte table.</summary>
    private static AddressSpace TwoPages()
    {
        var mm = X86.NewAddressSpace();
        mm.Map(new VirtualAddress(0), new Pfn(0x100));
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x101));
        return mm;
    }

    private static readonly WalkRange Range = WalkRange.Create(0, 0x2000);

    /// <summary>The model's gup_fast of 6.12 with CPU 1 storing <paramref name="value"/> into <paramref name="slot"/> at the
    /// walker's <c>rcu_read_lock()</c> number <paramref name="call"/> (from 1); the calls it made.</summary>
    private static (WalkResult Walk, int RcuReadLocks) ModelUnderWriter(AddressSpace mm, long call, EntryPointer slot, Entry value)
    {
        var probe = new InterleavingProbe();
        var writer = new OtherCpuOperation("cpu 1", [new OtherCpuStep.Store("store", slot, value)]);
        var walk = WalkerCatalogue.Find("gup-fast/v6.12", X86)!.Walk(mm, Range, WalkOptions.Default with
        {
            OtherCpus = new Interleaving([writer], [call - 1], InterleavingTrigger.RcuReadLock, probe, completesAfterWalk: false),
        });
        return (walk, probe.RcuReadLocks);
    }

    private static (WalkResult Walk, long? RcuReadLocks, long? StoresMade) KernelUnderWriter(KernelCode kernel, long call, EntryPointer slot, Entry value) =>
        KernelUnderWriter(kernel, TwoPages(), call, slot, value);

    /// <summary>The kernel's gup_fast over <see cref="Range"/> of <paramref name="mm"/> with <paramref name="value"/> stored
    /// into <paramref name="slot"/> at its <c>rcu_read_lock()</c> number <paramref name="call"/>.</summary>
    private static (WalkResult Walk, long? RcuReadLocks, long? StoresMade) KernelUnderWriter(KernelCode kernel, AddressSpace mm, long call, EntryPointer slot, Entry value) =>
        ((KernelWalker)kernel.Walker(KernelWalker.GupFastName, X86)!).WalkUnderWriter(mm, Range, WalkOptions.Default, [new ArmedStore(call, slot, value)], [])
        ?? throw new InvalidOperationException("the x86-64 build of 6.12 has preemptible RCU");

    [Fact]
    public void Undisturbed_the_kernels_gup_fast_calls_rcu_read_lock_at_pte_offset_map_and_at_each_grab_as_the_model_does()
    {
        var kernel = Kernel();
        var pte = TwoPages().Slot(new VirtualAddress(0x1000), Level.Pte)!.Value;
        // A store at a call never made: the walk runs undisturbed.
        var real = KernelUnderWriter(kernel, 99, pte, new Entry(Level.Pte, 0));
        var model = ModelUnderWriter(TwoPages(), 99, pte, new Entry(Level.Pte, 0));
        Assert.Equal((3L, 0L), (real.RcuReadLocks, real.StoresMade));
        Assert.Equal(3, model.RcuReadLocks);
        Assert.Equal([0x100UL, 0x101UL], real.Walk.EachPage().Select(p => p.Pfn.Value));
        Assert.Equal(real.Walk.EachPage(), model.Walk.EachPage());
    }

    [Fact]
    public void The_kernels_pte_loop_drops_the_page_whose_pmd_khugepaged_cleared_after_its_pmd_read()
    {
        var kernel = Kernel();
        var pmd = TwoPages().Slot(new VirtualAddress(0), Level.Pmd)!.Value;
        // pmdp_collapse_flush at pte_offset_map: the pte is still there, the grab succeeds, the pmd re-check
        // (70cbc3cc78a9) sees the collapse and gup_put_folio drops the page.
        var real = KernelUnderWriter(kernel, 1, pmd, X86.Arch.EmptyEntry(Level.Pmd));
        var model = ModelUnderWriter(TwoPages(), 1, pmd, X86.Arch.EmptyEntry(Level.Pmd));
        Assert.Equal((2L, 1L), (real.RcuReadLocks, real.StoresMade));
        Assert.Empty(real.Walk.EachPage());
        Assert.Empty(real.Walk.References!);
        Assert.Equal((0UL, 2), (model.Walk.PageCount, model.RcuReadLocks));
    }

    [Fact]
    public void The_kernels_pte_loop_drops_a_page_whose_pte_was_remapped_between_its_read_and_its_grab()
    {
        var kernel = Kernel();
        var pte = TwoPages().Slot(new VirtualAddress(0x1000), Level.Pte)!.Value;
        var copy = X86.Arch.MakeLeaf(X86.Arch.Geometry.BasePage, new Pfn(0x200), VmFlags.Read | VmFlags.Write);
        // wp_page_copy's set_pte_at at the second page's grab: the pte re-check sees it, the page is put back and the
        // walk ends with the first page.
        var real = KernelUnderWriter(kernel, 3, pte, copy);
        var model = ModelUnderWriter(TwoPages(), 3, pte, copy);
        Assert.Equal((3L, 1L), (real.RcuReadLocks, real.StoresMade));
        Assert.Equal([0x100UL], real.Walk.EachPage().Select(p => p.Pfn.Value));
        Assert.Equal([new PageReference(new Pfn(0x100), 2)], real.Walk.References!);
        Assert.Equal(real.Walk.EachPage(), model.Walk.EachPage());
    }

    [Fact]
    public void The_kernels_pmd_leaf_drops_a_huge_page_whose_pmd_a_split_invalidated_at_its_grab()
    {
        var kernel = Kernel();
        var mm = X86.NewAddressSpace();
        mm.Map(new VirtualAddress(0), new Pfn(0x200), X86.Arch.Geometry.Leaf(Level.Pmd));
        var pmd = mm.Slot(new VirtualAddress(0), Level.Pmd)!.Value;
        var invalid = X86.Arch.PmdMkInvalid(new Cpu(mm.Memory).Load(pmd));
        // pmdp_invalidate at gup_fast_pmd_leaf's grab (page_ref_add_unless): the pmd re-check sees it and
        // gup_put_folio drops the references of every subpage it had recorded.
        var real = KernelUnderWriter(kernel, mm, 1, pmd, invalid);
        Assert.Equal((1L, 1L), (real.RcuReadLocks, real.StoresMade));
        Assert.Empty(real.Walk.EachPage());
        Assert.Empty(real.Walk.References!);
    }

    /// <summary>A mutant of the model's 6.12 gup_fast, under the catalogue's name, for <c>race-matches-kernel</c>.</summary>
    private static ModelWalker Mutant(string what, GupFastShape shape) =>
        new("gup-fast/v6.12", WalkerCatalogue.GupFastKind, KernelEra.V6_12, what, _ => new GupFastWalker(shape));

    [Fact]
    public void A_model_whose_pte_loop_does_not_recheck_the_pmd_is_told_apart_from_the_kernels_code()
    {
        var noPmdRecheck = Mutant("6.12 whose pte loop re-checks the pte alone, as before 70cbc3cc78a9", GupFastShape.V6_12 with { PteRechecks = [Level.Pte] });
        var result = InvariantCatalogue.Find("race-matches-kernel")!.Check(X86, KernelWalker.GupFastName, RunConfig.Default with { Kernel = Kernel(), Walkers = [noPmdRecheck] });
        Assert.Equal(Verdict.Falsified, result.Verdict);
        Assert.Contains("the kernel's kernel/gup-fast gives nothing, the model's gup-fast/v6.12", result.Violation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_whose_leaf_function_does_not_recheck_the_entry_is_told_apart_from_the_kernels_code()
    {
        var noLeafRecheck = Mutant("6.12 whose gup_fast_pmd_leaf keeps its references without re-reading the pmd", GupFastShape.V6_12 with { LeafRecheck = false });
        var result = InvariantCatalogue.Find("race-matches-kernel")!.Check(X86, KernelWalker.GupFastName, RunConfig.Default with { Kernel = Kernel(), Walkers = [noLeafRecheck] });
        Assert.Equal(Verdict.Falsified, result.Verdict);
        Assert.Contains("the kernel's kernel/gup-fast gives nothing, the model's gup-fast/v6.12", result.Violation, StringComparison.Ordinal);
    }
}
