using PgtableInvariants.Arch;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Arch;

/// <summary>Kernel eras as data: their order, the era a release belongs to, and the ranges of eras a model's helpers
/// cover.</summary>
public sealed class KernelEraTests
{
    [Theory] // A kernel tree is checked against the newest released era at or below its version; RFC v2 is no release.
    [InlineData(5, 7, null)]
    [InlineData(5, 8, "v5.8")]
    [InlineData(5, 9, "v5.9")]
    [InlineData(5, 17, "v5.9")]
    [InlineData(5, 19, "v5.18")]
    [InlineData(6, 0, "v6.0")]
    [InlineData(6, 5, "v6.1")]
    [InlineData(6, 12, "v6.12")]
    [InlineData(7, 0, "v6.12")]
    public void OfRelease_IsTheNewestReleasedEraAtOrBelowIt(int major, int minor, string? era) =>
        Assert.Equal(era, KernelEra.OfRelease(major, minor)?.Name);

    [Fact]
    public void BeginsAt_IsTrueOnlyForTheEraFirstRelease()
    {
        Assert.True(KernelEra.V5_9.BeginsAt(5, 9));
        Assert.True(KernelEra.V6_12.BeginsAt(6, 12));
        Assert.False(KernelEra.V6_1.BeginsAt(6, 12));
        Assert.False(KernelEra.V6_1.BeginsAt(5, 1));
        Assert.False(KernelEra.V5_8.BeginsAt(6, 1));
    }

    [Fact]
    public void Find_KnowsEveryEraByName_AndNothingElse()
    {
        Assert.All(KernelEra.All, e => Assert.Same(e, KernelEra.Find(e.Name)));
        Assert.Null(KernelEra.Find("v4.19"));
        Assert.Null(KernelEra.Find(""));
    }

    [Fact] // RFC v2 was posted against 5.9-rc: its helpers sit after 5.8's and before 5.9's.
    public void Eras_AreOrderedOldestFirst_WithTheRfcBetween58And59()
    {
        Assert.Equal(Enumerable.Range(0, KernelEra.All.Count), KernelEra.All.Select(e => e.Order));
        Assert.Equal(["5.8", "5.9", "5.9", "5.18"], KernelEra.All.Take(4).Select(e => e.Version));
        Assert.Equal("rfc-v2", KernelEra.RfcV2.ToString());
        Assert.False(KernelEra.RfcV2.IsRelease);
        Assert.Same(KernelEra.V5_9, KernelEra.V6_1.NewestOf([KernelEra.V5_8, KernelEra.V5_9, KernelEra.V6_12]));
        Assert.Same(KernelEra.V6_1, KernelEra.V6_1.NewestOf([KernelEra.V6_1, KernelEra.V6_12]));
        Assert.Null(KernelEra.V5_8.NewestOf([KernelEra.V6_1]));
    }

    [Fact]
    public void Range_HoldsItsFirstEraUpToItsEnd_AndPrintsHalfOpen()
    {
        var range = EraRange.Among([KernelEra.V5_8, KernelEra.V6_1, KernelEra.V6_12], KernelEra.V5_18);
        Assert.Equal(new EraRange(KernelEra.V5_8, KernelEra.V6_1), range);
        Assert.Equal([KernelEra.V5_8, KernelEra.RfcV2, KernelEra.V5_9, KernelEra.V5_18, KernelEra.V6_0], range.Eras);
        Assert.Equal("[v5.8, v6.1)", range.ToString());
        var open = EraRange.Among([KernelEra.V5_8, KernelEra.V6_1, KernelEra.V6_12], KernelEra.V6_12);
        Assert.Equal([KernelEra.V6_12], open.Eras);
        Assert.Equal("[v6.12, …)", open.ToString());
    }

    [Fact]
    public void Range_OfAnEraBeforeTheFirstChange_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => EraRange.Among([KernelEra.V6_8, KernelEra.V6_10], KernelEra.V6_1));
        Assert.Equal("v6.1 is older than the first change v6.8", Guard.Problem(e));
    }

    [Fact] // Every era is a release but the RFC, which was never merged (`list` prints "not merged" for it).
    public void EveryEraButTheRfc_IsARelease() =>
        Assert.Equal(["rfc-v2"], KernelEra.All.Where(e => !e.IsRelease).Select(e => e.Name));

    [Theory] // `list` prints each era's summary: it must say what changed, with the commit or series that changed it.
    [InlineData("v5.8", "pud_offset(&p4d, addr)")]
    [InlineData("rfc-v2", "pXd_addr_end_folded")]
    [InlineData("v5.9", "d3f7b1bb2040")]
    [InlineData("v5.18", "d10efa21a937")]
    [InlineData("v6.0", "_PAGE_PFN_MASK")]
    [InlineData("v6.1", "70cbc3cc78a9")]
    [InlineData("v6.8", "PTE_PROT_NONE bit 58")]
    [InlineData("v6.10", "PTE_PRESENT_INVALID")]
    [InlineData("v6.11", "36639013b346")]
    [InlineData("v6.12", "3e93d49175a7")]
    [InlineData("v6.12", "x86 DEVMAP bit 57")]
    public void Summary_SaysWhatChanged(string era, string change) =>
        Assert.Contains(change, KernelEra.Find(era)!.Summary, StringComparison.Ordinal);
}
