using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;

namespace PgtableInvariants.Properties.Arch.OtherCpus;

/// <summary>s390's crst_table_upgrade as another CPU makes it: the new top, then mm->pgd, then asce_limit.</summary>
public sealed class UpgradeTests
{
    [Theory]
    [InlineData("s390/3level", "p4d_populate", 4)]
    [InlineData("s390/4level", "pgd_populate", 5)]
    public void PopulatesTheNewTop_ThenStoresThePgd_ThenTheLimit(string name, string populate, int levels)
    {
        var mm = ModelCatalogue.Find(name)!.NewAddressSpace();

        var op = Upgrade.Of(mm);

        Assert.Equal([populate, "mm->pgd", "mm->context.asce_limit", "on_each_cpu(__crst_table_upgrade)"], op.Steps.Select(s => s.Name));
        Assert.Equal($"crst_table_upgrade(to {levels} levels)", op.Name);
        Assert.True(op.Changes(MmField.Pgd) && op.Changes(MmField.AsceLimit));
        Assert.False(op.Steps[3].Waits);
    }

    [Fact] // No release stores the limit first; the mutant does.
    public void LimitFirst_SwapsTheTwoStores()
    {
        var op = Upgrade.Of(ModelCatalogue.S390ThreeLevel.NewAddressSpace(), limitFirst: true);

        Assert.Equal(["p4d_populate", "mm->context.asce_limit", "mm->pgd", "on_each_cpu(__crst_table_upgrade)"], op.Steps.Select(s => s.Name));
    }

    [Fact] // Made to the end: four levels, the limit of four, and the old mappings translate as before.
    public void MadeToTheEnd_TheMmHasOneLevelMore_AndKeepsItsMappings()
    {
        var model = ModelCatalogue.S390ThreeLevel;
        var mm = model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x1000), new Pfn(0x42));
        var op = Upgrade.Of(mm);
        OperationRun.ToTheEnd(mm, op);

        Assert.Equal(4, mm.Levels);
        Assert.Equal(ModelCatalogue.S390FourLevel.Reach, mm.AsceLimit);
        Assert.Equal(new Pfn(0x42), model.Mmu.Translate(new Cpu(mm.Memory), mm, new VirtualAddress(0x1000), Access.Read).Pfn);
    }

    [Theory] // Five levels, or an architecture whose levels are fixed: nothing to upgrade.
    [InlineData("s390/5level")]
    [InlineData("x86-64/4level")]
    public void NothingToUpgrade_NoSteps(string name)
    {
        var op = Upgrade.Of(ModelCatalogue.Find(name)!.NewAddressSpace());
        Assert.Empty(op.Steps);
        Assert.Equal("crst_table_upgrade", op.Name);
    }
}
