using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.KernelOracle.Mirroring;

namespace PgtableInvariants.Properties.KernelOracle;

/// <summary>The mirror moves every table and every table origin into the server's window and nothing else.</summary>
public sealed class TableWindowTests
{
    public static TheoryData<string> Models() => [.. ModelCatalogue.All.Where(m => m.Arch.Name is "s390" or "x86-64" or "arm64" or "riscv64").Select(m => m.Name)];

    private static PgtableInvariants.Arch.AddressSpaces.AddressSpace Built(Model model)
    {
        var mm = model.NewAddressSpace();
        var shift = model.Arch.Geometry.PageShift;
        mm.Map(new VirtualAddress(0x8000_0000 - (1UL << shift)), new Pfn((0x8000_0000UL >> shift) - 1));
        mm.Map(new VirtualAddress(0x8000_0000), new Pfn(0x8000_0000UL >> shift));
        mm.Map(new VirtualAddress(0x4000_0000), new Pfn(0x4000_0000UL >> shift), model.Arch.HugeSizes[0]);
        return mm;
    }

    [Theory, MemberData(nameof(Models))]
    public void Mirror_PutsEveryTableAndOriginInTheServersWindow(string name)
    {
        var model = ModelCatalogue.Find(name)!;
        var window = TableWindow.Of(model.Arch);
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
            var table = mm.Memory.TableAt(window.ToModel(slot))!;
            var entry = new Entry(table.Level, Convert.ToUInt64(store[2], 16));
            var modelEntry = new Entry(table.Level, table.Peek((int)((window.ToModel(slot) - table.Address) / 8)));
            // A table entry (a block in a level folded into its parent, 64K/42's pgd, points at data: left alone).
            if (table.Level != Level.Pte && !model.Arch.Leaf(entry) && mm.Memory.InTableWindow(model.Arch.TableAddress(modelEntry)))
                Assert.InRange(model.Arch.TableAddress(entry), TableWindow.OracleBase, TableWindow.OracleBase + TableWindow.Size - 1);
            Assert.Equal(modelEntry.Raw, window.EntryToModel(entry));
        }
        Assert.Equal($"pgd {window.ToOracle(mm.Pgd):x}", requests.Single(r => r.StartsWith("pgd ", StringComparison.Ordinal)));
        Assert.Equal(3, requests.Count(r => r.StartsWith("page ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(0x7fff_f000UL)]
    [InlineData(0UL)]
    [InlineData(0x0010_0000_0000_0000UL)]
    public void ToOracle_LeavesAddressesOutsideTheWindowAlone(ulong address) =>
        Assert.Equal(address, TableWindow.Of(ModelCatalogue.Find("x86-64/4level")!.Arch).ToOracle(address));

    [Theory] // The model's tables lie below 2^52, or 2^48 on arm64 with 48-bit physical addresses.
    [InlineData("x86-64/4level", 52)]
    [InlineData("s390/3level", 52)]
    [InlineData("arm64/16k/52@v6.12", 52)]
    [InlineData("arm64/16k/52-pud-folded@v6.12", 48)]
    [InlineData("arm64/4k/48@v6.12", 48)]
    public void ToModel_UndoesToOracle_BelowTheArchitecturesPhysicalTop(string model, int physicalBits)
    {
        var window = TableWindow.Of(ModelCatalogue.Find(model)!.Arch);
        var address = PgtableInvariants.Arch.Memory.MachineMemory.WindowBaseFor(physicalBits) + 0x4000;
        Assert.Equal(address, window.ModelBase + 0x4000);
        Assert.Equal(address, window.ToModel(window.ToOracle(address)));
        Assert.Equal(TableWindow.OracleBase + 0x4000, window.ToOracle(address));
    }

    [Theory]
    [InlineData(4096UL, 0)]
    [InlineData(2UL << 20, 9)]
    [InlineData(1UL << 30, 18)]
    [InlineData(2UL << 30, 19)]
    public void Order_IsTheCompoundOrderOfTheLeaf(ulong bytes, int order) =>
        Assert.Equal(order, AddressSpaceMirror.Order(new PageSize(Level.Pmd, bytes, 12)));
}
