using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.KernelOracle.Mirroring;

namespace PgtableInvariants.Properties.KernelOracle;

/// <summary>The mirror moves every table and every table origin into the server's window and nothing else.</summary>
public sealed class TableWindowTests
{
    public static TheoryData<string> Models() => [.. ModelCatalogue.All.Where(m => m.Arch.Name is "s390" or "x86-64").Select(m => m.Name)];

    private static PgtableInvariants.Arch.AddressSpaces.AddressSpace Built(Model model)
    {
        var mm = model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x7fff_f000), new Pfn(0x7ffff));
        mm.Map(new VirtualAddress(0x8000_0000), new Pfn(0x80000));
        mm.Map(new VirtualAddress(0x4000_0000), new Pfn(0x40000), model.Arch.HugeSizes[0]);
        return mm;
    }

    [Theory, MemberData(nameof(Models))]
    public void Mirror_PutsEveryTableAndOriginInTheServersWindow(string name)
    {
        var model = ModelCatalogue.Find(name)!;
        var mm = Built(model);
        var requests = AddressSpaceMirror.Requests(mm, model.InitialLevels);
        var tables = requests.Where(r => r.StartsWith("table ", StringComparison.Ordinal)).Select(r => Convert.ToUInt64(r.Split(' ')[1], 16)).ToList();
        Assert.Equal(mm.Memory.Tables.Count, tables.Count);
        Assert.All(tables, t => Assert.InRange(t, TableWindow.OracleBase, TableWindow.OracleBase + TableWindow.Size - 1));
        var stores = requests.Where(r => r.StartsWith("store ", StringComparison.Ordinal)).Select(r => r.Split(' ')).ToList();
        Assert.NotEmpty(stores);
        foreach (var store in stores)
        {
            var slot = Convert.ToUInt64(store[1], 16);
            var table = mm.Memory.TableAt(TableWindow.ToModel(slot))!;
            var entry = new Entry(table.Level, Convert.ToUInt64(store[2], 16));
            if (table.Level != Level.Pte && !model.Arch.Leaf(entry))
                Assert.InRange(model.Arch.TableAddress(entry), TableWindow.OracleBase, TableWindow.OracleBase + TableWindow.Size - 1);
            Assert.Equal(table.Peek((int)((TableWindow.ToModel(slot) - table.Address) / 8)), TableWindow.EntryToModel(model.Arch, entry));
        }
        Assert.Equal($"pgd {TableWindow.ToOracle(mm.Pgd):x}", requests.Single(r => r.StartsWith("pgd ", StringComparison.Ordinal)));
        Assert.Equal(3, requests.Count(r => r.StartsWith("page ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(0x7fff_f000UL)]
    [InlineData(0UL)]
    [InlineData(0x0010_0000_0000_0000UL)]
    public void ToOracle_LeavesAddressesOutsideTheWindowAlone(ulong address) => Assert.Equal(address, TableWindow.ToOracle(address));

    [Fact]
    public void ToModel_UndoesToOracle()
    {
        var address = PgtableInvariants.Arch.Memory.MachineMemory.WindowBaseFor(52) + 0x4000;
        Assert.Equal(address, TableWindow.ToModel(TableWindow.ToOracle(address)));
        Assert.Equal(TableWindow.OracleBase + 0x4000, TableWindow.ToOracle(address));
    }

    [Theory]
    [InlineData(4096UL, 0)]
    [InlineData(2UL << 20, 9)]
    [InlineData(1UL << 30, 18)]
    [InlineData(2UL << 30, 19)]
    public void Order_IsTheCompoundOrderOfTheLeaf(ulong bytes, int order) =>
        Assert.Equal(order, AddressSpaceMirror.Order(new PageSize(Level.Pmd, bytes, 12)));
}
