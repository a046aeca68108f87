using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Arch;

/// <summary>Entry values are bits of one level: set, clear and test them as the headers' bit helpers do; pointers move
/// by <c>sizeof(pXd_t)</c>; page sizes print as the kernel writes them.</summary>
public sealed class EntryTests
{
    [Fact]
    public void Set_Clear_AndHas_WorkOnTheRawBits()
    {
        var pmd = new Entry(Level.Pmd, 0x1000_0063);
        Assert.Equal(new Entry(Level.Pmd, 0x1000_00e3), pmd.Set(0x80));
        Assert.Equal(new Entry(Level.Pmd, 0x1000_0061), pmd.Clear(0x2));
        Assert.True(pmd.Has(0x2));
        Assert.True(pmd.Has(0x82));
        Assert.False(pmd.Has(0x80));
    }

    [Fact]
    public void As_KeepsTheBitsAndChangesTheType() =>
        Assert.Equal(new Entry(Level.Pud, 0x63), new Entry(Level.P4d, 0x63).As(Level.Pud));

    [Fact]
    public void ToString_NamesTheLevelAndTheValueInHex() => Assert.Equal("pud 0x1000063", new Entry(Level.Pud, 0x100_0063).ToString());

    [Fact] // p + n moves n entries, backwards for a negative n, wrapping as a C pointer does.
    public void Pointer_PlusN_MovesByEntries()
    {
        var p = new EntryPointer(Level.Pmd, 0x1000);
        Assert.Equal(new EntryPointer(Level.Pmd, 0x1018), p + 3);
        Assert.Equal(new EntryPointer(Level.Pmd, 0xff8), p + -1);
        Assert.Equal("pmdp 0000000000001000", p.ToString());
    }

    [Theory]
    [InlineData(Level.Pte, 1UL << 12, "4K", 1UL)]
    [InlineData(Level.Pmd, 1UL << 20, "1M", 256UL)]
    [InlineData(Level.Pmd, 1UL << 21, "2M", 512UL)]
    [InlineData(Level.Pud, 1UL << 30, "1G", 262144UL)]
    [InlineData(Level.Pud, 1UL << 31, "2G", 524288UL)]
    public void PageSize_PrintsAsTheKernelWritesItAndCountsFrames(Level level, ulong bytes, string text, ulong frames)
    {
        var size = new PageSize(level, bytes, 12);
        Assert.Equal(text, size.ToString());
        Assert.Equal(frames, size.Frames);
        Assert.Equal(level != Level.Pte, size.IsHuge);
    }

    [Theory] // A size no larger unit divides is written in the smaller one; frames are pages of the configuration's PAGE_SHIFT.
    [InlineData(Level.Pud, 3UL << 29, 12, "1536M", 393216UL)]
    [InlineData(Level.Pmd, 3UL << 19, 12, "1536K", 384UL)]
    [InlineData(Level.Pte, 1UL << 16, 16, "64K", 1UL)]
    [InlineData(Level.Pmd, 1UL << 29, 16, "512M", 8192UL)]
    [InlineData(Level.Pud, 1UL << 36, 12, "64G", 1UL << 24)]
    public void PageSize_InTheLargestUnitThatDividesIt_CountsFramesOfItsPageShift(Level level, ulong bytes, int pageShift, string text, ulong frames)
    {
        var size = new PageSize(level, bytes, pageShift);
        Assert.Equal(text, size.ToString());
        Assert.Equal(frames, size.Frames);
    }

    [Fact]
    public void BasePage_IsAPteOfPageSize() => Assert.Equal(new PageSize(Level.Pte, 4096, 12), ModelCatalogue.X86FourLevel.Arch.Geometry.BasePage);
}
