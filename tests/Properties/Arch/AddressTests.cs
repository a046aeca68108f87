using PgtableInvariants.Arch.Addresses;

namespace PgtableInvariants.Properties.Arch;

/// <summary>Virtual addresses and frame numbers behave as the kernel's <c>unsigned long</c>: wrapping arithmetic,
/// unsigned order, power-of-two alignment, and <c>PAGE_SHIFT</c> between a frame and its physical address.</summary>
public sealed class AddressTests
{
    [Fact]
    public void AlignDown_ClearsTheBitsBelowTheSize()
    {
        Assert.Equal(new VirtualAddress(0x7fe0_0000), new VirtualAddress(0x7fff_f123).AlignDown(1UL << 21));
        Assert.Equal(new VirtualAddress(0x7fff_f000), new VirtualAddress(0x7fff_f000).AlignDown(0x1000));
    }

    [Fact]
    public void IsAligned_IsTrueOnlyOnAMultipleOfTheSize()
    {
        Assert.True(new VirtualAddress(0x4000_0000).IsAligned(1UL << 30));
        Assert.False(new VirtualAddress(0x4000_1000).IsAligned(1UL << 30));
        Assert.True(new VirtualAddress(0).IsAligned(1UL << 30));
    }

    [Fact] // unsigned long arithmetic wraps modulo 2^64 (pXd_addr_end relies on it).
    public void Arithmetic_WrapsModulo2To64()
    {
        Assert.Equal(new VirtualAddress(0), new VirtualAddress(0xffff_ffff_ffff_f000) + 0x1000);
        Assert.Equal(new VirtualAddress(0xffff_ffff_ffff_f000), new VirtualAddress(0) - 0x1000);
    }

    [Fact]
    public void Order_IsThatOfTheUnsignedValue()
    {
        VirtualAddress low = new(0x1000), high = new(0xffff_8000_0000_0000), same = new(0x1000);
        Assert.True(low < high);
        Assert.False(high < low);
        Assert.False(low < same);
        Assert.True(high > low);
        Assert.False(low > high);
        Assert.False(low > same);
        Assert.True(low <= same);
        Assert.True(low <= high);
        Assert.False(high <= low);
        Assert.True(low >= same);
        Assert.True(high >= low);
        Assert.False(low >= high);
        Assert.True(low.CompareTo(high) < 0);
        Assert.Equal(0, low.CompareTo(same));
        Assert.True(high.CompareTo(low) > 0);
    }

    [Fact]
    public void ToString_IsLowerCaseHex() => Assert.Equal("0x7ffff000", new VirtualAddress(0x7fff_f000).ToString());

    [Fact] // pfn << PAGE_SHIFT and back; the shift drops the offset in the page.
    public void Pfn_IsThePhysicalAddressShiftedByPageShift()
    {
        Assert.Equal(0x1234_5000UL, new Pfn(0x12345).PhysicalAddress(12));
        Assert.Equal(new Pfn(0x12345), Pfn.OfPhysical(0x1234_5fff, 12));
    }

    [Fact]
    public void Pfn_AddsFramesAndOrdersByValue()
    {
        Assert.Equal(new Pfn(0x102), new Pfn(0x100) + 2);
        Assert.True(new Pfn(0x100).CompareTo(new Pfn(0x101)) < 0);
        Assert.True(new Pfn(0x101).CompareTo(new Pfn(0x100)) > 0);
        Assert.Equal(0, new Pfn(0x100).CompareTo(new Pfn(0x100)));
        Assert.Equal("pfn 0xabc", new Pfn(0xabc).ToString());
    }
}
