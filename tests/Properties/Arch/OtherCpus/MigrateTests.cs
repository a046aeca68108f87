using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;

namespace PgtableInvariants.Properties.Arch.OtherCpus;

/// <summary>The migration of a pmd-mapped transparent huge page, and its giving up on a pinned folio.</summary>
public sealed class MigrateTests
{
    private static readonly Pfn NewFrames = new(0x4_0000);

    /// <summary>A huge page at the second pmd-sized span, and a base page after it.</summary>
    private static AddressSpace HugeAndSmall(Model model)
    {
        var mm = model.NewAddressSpace();
        var huge = model.Arch.Geometry.Leaf(Level.Pmd);
        mm.Map(new VirtualAddress(huge.Bytes), new Pfn(huge.Frames), huge);
        mm.Map(new VirtualAddress(2 * huge.Bytes), new Pfn(2 * huge.Frames));
        return mm;
    }

    private static OtherCpuOperation Of(AddressSpace mm, ulong offset = 0) =>
        Migrate.Of(mm, new VirtualAddress(mm.Arch.Geometry.Leaf(Level.Pmd).Bytes + offset), NewFrames);

    private static List<OtherCpuEvent> RunToTheEnd(AddressSpace mm, OtherCpuOperation op)
    {
        var seen = new List<OtherCpuEvent>();
        OperationRun.ToTheEnd(mm, op, seen.Add);
        return seen;
    }

    [Theory] // x86-64's flush is an IPI; arm64's and riscv's wait for nobody.
    [InlineData("x86-64/4level@v6.12", true)]
    [InlineData("arm64/4k/48@v6.12", false)]
    [InlineData("riscv/sv48@v6.12", false)]
    public void InvalidatesFlushesStoresTheMigrationEntry_CountsThenMapsTheNewFolio(string model, bool flushWaits)
    {
        var op = Of(HugeAndSmall(ModelCatalogue.Find(model)!), offset: 0x3000);

        Assert.Equal(["pmdp_invalidate", "flush_pmd_tlb_range", "set_pmd_migration_entry", "folio_migrate_mapping", "remove_migration_pmd"], op.Steps.Select(s => s.Name));
        Assert.Equal(flushWaits, op.Steps[1].Waits);
        Assert.Equal($"migrate_pages({new VirtualAddress(ModelCatalogue.Find(model)!.Arch.Geometry.Leaf(Level.Pmd).Bytes)})", op.Name);
    }

    [Fact] // 5.8's name of the count.
    public void BeforeFolios_TheCountIsMigratePageMoveMapping()
    {
        Assert.Equal("migrate_page_move_mapping", Of(HugeAndSmall(ModelCatalogue.X86FourLevel)).Steps[3].Name);
        Assert.Equal("folio_migrate_mapping", Of(HugeAndSmall(ModelCatalogue.Find("x86-64/4level@v6.1")!)).Steps[3].Name);
        Assert.Equal("remove_migration_pmd", Assert.IsType<OtherCpuStep.CheckReferences>(Of(HugeAndSmall(ModelCatalogue.X86FourLevel)).Steps[3]).GiveUp.Name);
    }

    [Fact] // Nothing mapped: no steps, and the operation is named by the address asked.
    public void AnUnmappedAddress_NoSteps_NamedByTheAddress()
    {
        var op = Migrate.Of(ModelCatalogue.Find("x86-64/4level@v6.12")!.NewAddressSpace(), new VirtualAddress(0x40_0000), NewFrames);

        Assert.Empty(op.Steps);
        Assert.Equal("migrate_pages(0x400000)", op.Name);
    }

    [Theory] // The invalidated pmd is still present and a leaf to the kernel; the MMU no longer uses it.
    [InlineData("x86-64/4level@v6.12")]
    [InlineData("arm64/4k/48@v6.8")]
    [InlineData("arm64/4k/48@v6.12")]
    [InlineData("riscv/sv48@v6.12")]
    public void TheInvalidatedPmd_IsPresentAndALeaf_ButFaultsInTheMmu(string name)
    {
        var model = ModelCatalogue.Find(name)!;
        var mm = HugeAndSmall(model);
        var op = Of(mm);
        var (pmdp, invalid) = ((OtherCpuStep.Store)op.Steps[0]) is var s ? (s.Pointer, s.Value) : default;
        var cpu = new Cpu(mm.Memory);
        var pmd = cpu.Load(pmdp);
        cpu.Store(pmdp, invalid);

        Assert.True(model.Arch.Present(invalid));
        Assert.True(model.Arch.Leaf(invalid));
        Assert.Equal(model.Arch.Pfn(pmd), model.Arch.Pfn(invalid));
        Assert.Null(model.Mmu.Translate(new Cpu(mm.Memory), mm, new VirtualAddress(model.Arch.Geometry.Leaf(Level.Pmd).Bytes), Access.Read).Pfn);
    }

    [Theory] // pmd_access_permitted: x86's and arm64's need the hardware's valid bit; riscv's is the generic pmd_present.
    [InlineData("x86-64/4level@v6.12", false)]
    [InlineData("arm64/4k/48@v6.12", false)]
    [InlineData("riscv/sv48@v6.12", true)]
    public void TheInvalidatedPmd_IsAccessPermittedOnlyWhereTheTestIsPmdPresent(string name, bool permitted)
    {
        var model = ModelCatalogue.Find(name)!;
        var invalid = ((OtherCpuStep.Store)Of(HugeAndSmall(model)).Steps[0]).Value;

        Assert.Equal(permitted, model.Arch.AccessPermitted(invalid, write: false));
    }

    [Fact] // Nothing pinned: the span maps the new folio, and the record says so.
    public void MadeToTheEnd_TheSpanMapsTheNewFolio()
    {
        var mm = HugeAndSmall(ModelCatalogue.X86FourLevel);
        RunToTheEnd(mm, Of(mm));

        var va = new VirtualAddress(0x20_5000);
        Assert.Equal(NewFrames + 5, ModelCatalogue.X86FourLevel.Mmu.Translate(new Cpu(mm.Memory), mm, va, Access.Read).Pfn);
        Assert.Equal(NewFrames, mm.MappingAt(va)!.Pfn);
    }

    [Fact] // A reference on any page of the folio is one on the folio: the count gives up and the old pmd comes back.
    public void APinOnATailPage_MakesItGiveUp_AndPutTheOldPmdBack()
    {
        var mm = HugeAndSmall(ModelCatalogue.X86FourLevel);
        var op = Of(mm);
        var before = new Cpu(mm.Memory).Load(((OtherCpuStep.Store)op.Steps[0]).Pointer);
        mm.Memory.References.Get(new Pfn(0x200 + 0x1ff));

        var seen = RunToTheEnd(mm, op);

        Assert.True(Assert.Single(seen, e => e.GaveUp).Step is OtherCpuStep.CheckReferences);
        Assert.Equal(4, seen.Count);
        Assert.Equal(before, new Cpu(mm.Memory).Load(((OtherCpuStep.Store)op.Steps[0]).Pointer));
        Assert.Equal(new Pfn(0x200), mm.MappingAt(new VirtualAddress(0x20_0000))!.Pfn);
    }

    [Theory] // Only a pmd leaf migrates with its pmd; s390 splits it first.
    [InlineData("x86-64/4level@v6.12", 2)]
    [InlineData("s390/3level", 0)]
    public void NoStepsWithoutAHugePmdOrThpMigration(string name, ulong span)
    {
        var model = ModelCatalogue.Find(name)!;
        var mm = HugeAndSmall(model);
        var va = new VirtualAddress(span * model.Arch.Geometry.Leaf(Level.Pmd).Bytes);

        Assert.Empty(Migrate.Of(mm, va, NewFrames).Steps);
    }
}
