using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Properties.Walkers;

/// <summary>6.5+ <c>__pte_offset_map</c> (mm/pgtable-generic.c 6.12:282-306) reads the pmd once and returns NULL for a
/// none or trans-huge pmd, leaving it alone, and for a bad one after <c>pmd_clear_bad</c>. A walker meets the first two
/// only when another CPU changed the pmd after the walker's own check, so they are asked here directly.</summary>
public sealed class PteOffsetMapTests
{
    private static readonly Model Model = ModelCatalogue.For("x86-64/4level", KernelEra.V6_12)!;
    private static readonly VirtualAddress Va = new(0x20_0000);

    /// <summary>Maps a page at <see cref="Va"/>, replaces its pmd by <paramref name="pmd"/> (or keeps it), and maps the
    /// pte table through the checked form.</summary>
    private static (EntryPointer? Ptep, WalkResult Result, Entry PmdAfter) Map(Func<Entry, Entry> pmd)
    {
        var mm = Model.NewAddressSpace();
        mm.Map(Va, new Pfn(0x1234));
        var cpu = new Cpu(mm.Memory);
        var p = Model.Arch.PgdOffset(cpu, mm, Va);
        while (p.Level != Level.Pmd)
            p = Model.Arch.Offset(cpu, p, Va);
        cpu.Store(p, pmd(cpu.Load(p)));
        var ctx = new WalkContext(mm, WalkRange.Create(0, 0x1000), WalkOptions.Default);
        var ptep = PteOffsetMap.Map(ctx, PteMap.Checked, p, Va, "pte_offset_map");
        return (ptep, ctx.Finish("test", WalkRange.Create(Va.Value, Va.Value + 0x1000)), cpu.Load(p));
    }

    private static WalkStep Refusal(WalkResult result) =>
        Assert.Single(result.Trace.Steps, s => s.Note == "pte_offset_map returns NULL");

    [Fact]
    public void TablePmd_GivesThePteOfTheAddress()
    {
        var (ptep, _, pmd) = Map(pmd => pmd);
        Assert.Equal(new EntryPointer(Level.Pte, Model.Arch.TableAddress(pmd)) + Model.Arch.Index(Level.Pte, Va), ptep);
    }

    [Fact]
    public void NonePmd_IsRefusedAndLeftNone()
    {
        var (ptep, result, pmd) = Map(_ => new Entry(Level.Pmd, 0));
        Assert.Null(ptep);
        Assert.Equal("pmd_none(pmdval)", Refusal(result).Helper);
        Assert.Equal(0UL, pmd.Raw);
    }

    [Fact] // a 2M leaf raced in (THP collapse): pmd_trans_huge, not bad, so it is not cleared.
    public void LeafPmd_IsRefusedAsTransHugeAndKept()
    {
        var leaf = Model.Arch.MakeLeaf(new PageSize(Level.Pmd, 1UL << 21, 12), new Pfn(0x200), VmFlags.Read | VmFlags.Write);
        var (ptep, result, pmd) = Map(_ => leaf);
        Assert.Null(ptep);
        Assert.Equal("pmd_trans_huge(pmdval) || pmd_devmap(pmdval)", Refusal(result).Helper);
        Assert.Equal(leaf, pmd);
    }

    [Fact] // pmd_clear_bad: a bad pmd is cleared through the pointer it was given.
    public void BadPmd_IsRefusedAndCleared()
    {
        var (ptep, result, pmd) = Map(pmd => pmd.Set(1UL << 63));
        Assert.Null(ptep);
        Assert.Equal("pmd_bad(pmdval)", Refusal(result).Helper);
        Assert.Equal(0UL, pmd.Raw);
    }
}
