using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;

namespace PgtableInvariants.Properties.Arch;

/// <summary>One mapping of the ground truth: what it covers and which frame backs each address.</summary>
public sealed class MappingTests
{
    private static readonly PageSize Huge2M = new(Level.Pmd, 2UL << 20, 12);

    [Fact]
    public void Mapping_CoversItsSizeFromItsStart_AndNothingElse()
    {
        var m = new Mapping(new VirtualAddress(0x20_0000), new Pfn(0x400), Huge2M, VmFlags.Read);
        Assert.True(m.Contains(new VirtualAddress(0x20_0000)));
        Assert.True(m.Contains(new VirtualAddress(0x3f_ffff)));
        Assert.False(m.Contains(new VirtualAddress(0x40_0000)));
        Assert.False(m.Contains(new VirtualAddress(0x1f_ffff)));
        Assert.Equal(new VirtualAddress(0x40_0000), m.End);
    }

    [Fact] // The last page of the space ends at 0, the top of the 64-bit space.
    public void Mapping_OfTheTopPage_EndsAtZeroAndStillContainsItsLastByte()
    {
        var m = new Mapping(new VirtualAddress(0xffff_ffff_ffff_f000), new Pfn(1), new PageSize(Level.Pte, 4096, 12), VmFlags.Read);
        Assert.Equal(new VirtualAddress(0), m.End);
        Assert.True(m.Contains(new VirtualAddress(ulong.MaxValue)));
        Assert.False(m.Contains(new VirtualAddress(0)));
    }

    [Fact] // arm64 with 64K pages: a pfn counts 64K frames, so a 512M leaf spans 8192 of them.
    public void PfnAt_CountsFramesOfTheConfigurationsPageSize()
    {
        Assert.Equal(new Pfn(0x5ff), new Mapping(new VirtualAddress(0x20_0000), new Pfn(0x400), Huge2M, VmFlags.Read).PfnAt(new VirtualAddress(0x3f_f123)));
        var m = new Mapping(new VirtualAddress(0x2000_0000), new Pfn(0x2000), new PageSize(Level.Pmd, 512UL << 20, 16), VmFlags.Read);
        Assert.Equal(new Pfn(0x2003), m.PfnAt(new VirtualAddress(0x2003_ffff)));
        Assert.Equal(8192UL, m.Size.Frames);
    }

    [Fact]
    public void Mapping_PrintsAddressFrameSizeAndFlags() =>
        Assert.Equal("0x200000 -> pfn 0x400 (2M, Read, Write)",
            new Mapping(new VirtualAddress(0x20_0000), new Pfn(0x400), Huge2M, VmFlags.Read | VmFlags.Write).ToString());
}
