using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Arch;

/// <summary>The fallbacks of include/linux/pgtable.h that every modelled architecture overrides, so that no model runs
/// them: pinned on an architecture that overrides nothing it need not.</summary>
public sealed class GenericHelperTests
{
    private static readonly GenericOnly Arch = new();

    [Theory] // pgtable.h: pmd_leaf/pud_leaf/p4d_leaf/pgd_leaf default to false, and pXd_huge follows them; without
             // CONFIG_NUMA_BALANCING pte_protnone and pmd_protnone are 0.
    [InlineData(Level.Pte)]
    [InlineData(Level.Pmd)]
    [InlineData(Level.Pud)]
    [InlineData(Level.Pgd)]
    public void LeafHugeAndProtNone_AreFalseForEveryEntry(Level level)
    {
        foreach (var raw in new[] { 0UL, 1UL, ulong.MaxValue })
        {
            Assert.False(Arch.Leaf(new Entry(level, raw)));
            Assert.False(Arch.Huge(new Entry(level, raw)));
            Assert.False(Arch.ProtNone(new Entry(level, raw)));
        }
    }

    [Fact] // The era check of every model: the helpers of an era before the architecture's first one do not exist.
    public void Constructor_RefusesAnEraBeforeTheFirstHelperEra()
    {
        var e = Assert.Throws<ArgumentException>(() => new GenericOnly(KernelEra.V5_8));
        Assert.Equal("v5.8 is older than generic's first helper era v6.1", PgtableInvariants.Arch.Guard.Problem(e));
        Assert.Equal(KernelEra.V6_1, new GenericOnly(KernelEra.V6_8).Era);
    }

    /// <summary>A 4-level architecture whose own helpers are the bare minimum: its entries are a frame and a valid bit.</summary>
    private sealed class GenericOnly(KernelEra? era = null) : GenericArchitecture("generic",
        Geometry.Create((39, 512, FoldKind.None), (39, 1, FoldKind.Static), (30, 512, FoldKind.None), (21, 512, FoldKind.None), 512, pageShift: 12),
        [KernelEra.V6_1], era ?? KernelEra.V6_1)
    {
        public override IReadOnlyList<PageSize> HugeSizes => [];

        public override Pfn MaxPfn => new((1UL << 40) - 1);

        public override ulong TaskSizeMax => 1UL << 47;

        public override bool Write(Entry entry) => false;

        public override bool Young(Entry entry) => false;

        public override bool Dirty(Entry entry) => false;

        public override bool Special(Entry entry) => false;

        public override Entry MkYoung(Entry entry) => entry;

        public override Entry MkOld(Entry entry) => entry;

        public override Entry MkDirty(Entry entry) => entry;

        public override Entry MkClean(Entry entry) => entry;

        public override Entry MkWrite(Entry entry) => entry;

        public override Entry Wrprotect(Entry entry) => entry;

        public override Entry MkHuge(Entry entry) => entry;

        public override Entry PmdMkInvalid(Entry pmd) => pmd;

        public override Pfn Pfn(Entry entry) => new(entry.Raw >> 12);

        public override Entry PfnEntry(Level level, Pfn pfn, VmFlags flags) => new(level, (pfn.Value << 12) | 1);

        public override ulong TableAddress(Entry entry) => entry.Raw & ~0xfffUL;

        public override Entry TableEntry(Level level, ulong table) => new(level, table | 1);

        protected override bool ArchNone(Entry entry) => entry.Raw == 0;

        protected override bool ArchPresent(Entry entry) => (entry.Raw & 1) != 0;

        protected override bool ArchBad(Entry entry) => false;
    }
}
