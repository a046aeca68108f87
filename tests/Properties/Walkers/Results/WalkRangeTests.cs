using PgtableInvariants.Arch;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Properties.Walkers.Results;

/// <summary>A range of whole pages <c>[start, end)</c>, where an end of 0 is the top of the 64-bit space.</summary>
public sealed class WalkRangeTests
{
    private static VirtualAddress Va(ulong va) => new(va);

    [Theory]
    [InlineData(0x1800UL, 0x3000UL, 12, "start", "0x1800 is not 4K-page-aligned")]
    [InlineData(0x1000UL, 0x3001UL, 12, "end", "0x3001 is not 4K-page-aligned")]
    [InlineData(0x1000UL, 0x8000UL, 14, "start", "0x1000 is not 16K-page-aligned")]
    [InlineData(0x2000UL, 0x2000UL, 12, "end", "0x2000 is not above 0x2000 (0 means the top)")]
    [InlineData(0x3000UL, 0x2000UL, 12, "end", "0x2000 is not above 0x3000 (0 means the top)")]
    public void Create_RefusesAnUnalignedOrEmptyRange_NamingTheBound(ulong start, ulong end, int pageShift, string parameter, string problem)
    {
        var e = Assert.Throws<ArgumentException>(() => WalkRange.Create(start, end, pageShift));
        Assert.Equal((parameter, problem), (e.ParamName, Guard.Problem(e)));
    }

    [Fact]
    public void Contains_TheStartAndNotTheEnd()
    {
        var range = WalkRange.Create(0x2000, 0x4000);
        Assert.Equal([false, true, true, false], new ulong[] { 0x1fff, 0x2000, 0x3fff, 0x4000 }.Select(va => range.Contains(Va(va))));
    }

    [Fact]
    public void ToTop_ContainsTheLastByteOfTheSpace()
    {
        var range = WalkRange.Create(0xffff_ffff_ffff_e000, 0);
        Assert.True(range.ToTop);
        Assert.Equal([false, true, true], new ulong[] { 0xffff_ffff_ffff_dfff, 0xffff_ffff_ffff_e000, ulong.MaxValue }.Select(va => range.Contains(Va(va))));
        Assert.Equal([Va(0xffff_ffff_ffff_e000), Va(0xffff_ffff_ffff_f000)], range.EachPage());
    }

    [Theory]
    [InlineData(0x1000UL, 0x3000UL, 12, 2UL)]
    [InlineData(0UL, 0x8000UL, 14, 2UL)]
    [InlineData(0UL, 0UL, 12, 1UL << 52)]
    [InlineData(0xffff_ffff_ffff_0000UL, 0UL, 16, 1UL)]
    public void Pages_CountsThePagesOfTheRangesSize(ulong start, ulong end, int pageShift, ulong pages)
    {
        Assert.Equal(pages, WalkRange.Create(start, end, pageShift).Pages);
    }

    [Fact]
    public void ToString_WritesTheTopAsTop()
    {
        Assert.Equal(("[0x1000, 0x3000)", "[0x1000, top)"), (WalkRange.Create(0x1000, 0x3000).ToString(), WalkRange.Create(0x1000, 0).ToString()));
    }
}
