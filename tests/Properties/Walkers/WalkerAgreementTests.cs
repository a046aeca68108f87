using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Properties.Walkers;

/// <summary>Where folding is static or sizes stay consistent (x86, generic), every walker agrees with the hardware on
/// ranges that cross each level's boundary, huge leaves included (include/asm-generic/pgtable-nop*.h, arch/x86/include/asm/pgtable_64_types.h).</summary>
public sealed class WalkerAgreementTests
{
    public static TheoryData<string, string> ConsistentModels()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in new[] { "x86-64/4level", "x86-64/5level", "x86-64/la57-on-4level", "i386/2level", "i386/pae" })
            foreach (var walker in WalkerCatalogue.Names.Where(n => n != "hardware"))
                data.Add(model, walker);
        return data;
    }

    /// <summary>For each real level above pte: 4 KiB pages on both sides of its second boundary, and a huge leaf of
    /// each size just after a boundary of the level above, between two 4 KiB pages; returns ranges that cross each
    /// boundary, into and out of every leaf.</summary>
    private static (AddressSpace Mm, List<WalkRange> Ranges) Build(Model model)
    {
        var mm = model.NewAddressSpace();
        var ranges = new List<WalkRange>();
        // Frames from 2^20 (4 GiB), or from 2^18 where the entries end at 2^20 (i386 without PAE).
        var pfn = Math.Min(0x100000UL, (model.Arch.MaxPfn.Value + 1) / 4);
        foreach (var level in model.Arch.Geometry.Levels.Where(l => !l.IsFolded && l.Level != Level.Pte))
        {
            var boundary = 2 * level.Size % model.Reach;
            if (boundary == 0)
                continue;
            foreach (var va in new[] { boundary - 3 * 4096, boundary - 2 * 4096, boundary - 4096, boundary, boundary + 4096 })
                mm.Map(new VirtualAddress(va), new Pfn(pfn++));
            ranges.Add(WalkRange.Create(boundary - 3 * 4096, boundary + 2 * 4096));
        }
        foreach (var huge in model.Arch.HugeSizes)
        {
            var parent = model.Arch.Geometry[huge.Level.Parent()];
            var span = Math.Max(parent.Size, huge.Bytes);
            var start = 5 * span % model.Reach;
            // i386 PAE: 5 GiB wraps to 2 GiB, the pgd boundary already mapped; 7 GiB wraps to 1 GiB.
            if (ranges.Any(r => r.Start.Value <= start + huge.Bytes + 4096 && start - 4096 < r.End.Value))
                start = 7 * span % model.Reach;
            pfn = (pfn + huge.Frames) & ~(huge.Frames - 1);
            mm.Map(new VirtualAddress(start - 4096), new Pfn(pfn + huge.Frames));
            mm.Map(new VirtualAddress(start), new Pfn(pfn), huge);
            mm.Map(new VirtualAddress(start + huge.Bytes), new Pfn(pfn + huge.Frames + 1));
            pfn += 2 * huge.Frames;
            ranges.Add(WalkRange.Create(start - 4096, start + 2 * 4096));
            ranges.Add(WalkRange.Create(start + huge.Bytes - 2 * 4096, start + huge.Bytes + 4096));
        }
        return (mm, ranges);
    }

    [Theory]
    [MemberData(nameof(ConsistentModels))]
    public void Walker_FindsWhatTheHardwareFinds_OnBoundaryCrossingRanges(string modelName, string walkerName)
    {
        var model = ModelCatalogue.Find(modelName)!;
        var (mm, ranges) = Build(model);
        var walker = WalkerCatalogue.Find(walkerName, model)!;
        var hardware = WalkerCatalogue.Find("hardware", model)!;
        Assert.NotEmpty(ranges);
        foreach (var range in ranges)
            foreach (var layout in Enum.GetValues<StackLayout>())
            {
                var options = new WalkOptions(layout, Write: true);
                var expected = hardware.Walk(mm, range, options).EachPage().ToList();
                var actual = walker.Walk(mm, range, options);
                Assert.Null(actual.Fault);
                Assert.Equal(range.Pages, (ulong)expected.Count);
                Assert.Equal(expected, actual.EachPage().ToList());
            }
    }

    [Theory] // s390 pagewalk passes real pointers: on the folded pud level pud++ steps through the region-3 table
             // itself, so it finds the right pages although the increment is not pud_offset(p4d, next).
    [InlineData("pagewalk")]
    [InlineData("pagewalk/addr-end-folded")]
    [InlineData("gup-slow")]
    public void S390_ThreeLevelMm_PointerWalkers_FindTheRightPages(string walkerName)
    {
        var model = ModelCatalogue.S390ThreeLevel;
        var mm = model.NewAddressSpace();
        const ulong boundary = 0x100_8000_0000;
        foreach (var va in new[] { boundary - 4096, boundary, boundary - (1UL << 31) })
            mm.Map(new VirtualAddress(va), new Pfn(va >> 12));
        var range = WalkRange.Create(boundary - 4096, boundary + 4096);
        var result = WalkerCatalogue.Find(walkerName, model)!.Walk(mm, range, WalkOptions.Default);
        Assert.Equal([(boundary - 4096) >> 12, boundary >> 12], result.EachPage().Select(p => p.Pfn.Value));
        if (walkerName == "pagewalk")
        {
            var increments = result.Trace.OfHelper("pudp++").Where(s => s.OffsetOfNext is not null).ToList();
            Assert.NotEmpty(increments);
            Assert.All(increments, s => Assert.Equal("region-3 table", Assert.IsType<Target.TableSlot>(s.Into).Table.Name));
            Assert.All(increments, s => Assert.NotEqual(s.OffsetOfNext, s.Pointer));
        }
    }
}
