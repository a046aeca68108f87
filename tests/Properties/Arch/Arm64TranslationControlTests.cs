using PgtableInvariants.Arch;
using PgtableInvariants.Arch.Hardware;

namespace PgtableInvariants.Properties.Arch;

/// <summary>TCR_EL1 and ID_AA64MMFR0_EL1 as the arm64 translation reads them: the encodings each field has, and what
/// DS, the granule and PARange make of the output size and the smallest T0SZ (Arm ARM D8, <c>AArch64.S1MinTxSZ</c>,
/// <c>AArch64.PhysicalAddressSize</c>).</summary>
public sealed class Arm64TranslationControlTests
{
    [Theory] // Each field takes only its encodings, and the refusal says which.
    [InlineData(13, 16, 48, null, "TG0 selects a 4K, 16K or 64K granule, not 2^13")]
    [InlineData(12, 64, 48, null, "T0SZ is a 6-bit field, not 64")]
    [InlineData(12, -1, 48, null, "T0SZ is a 6-bit field, not -1")]
    [InlineData(16, 16, 50, null, "IPS has no 50-bit encoding")]
    [InlineData(16, 16, 48, 46, "PARange has no 46-bit encoding")]
    public void Constructor_RefusesAFieldOutsideItsEncodings(int pageShift, int t0sz, int ips, int? paMax, string problem)
    {
        var e = Assert.Throws<ArgumentException>(() => new Arm64TranslationControl(pageShift, t0sz, outputAddressBits: ips, paMaxBits: paMax));
        Assert.Equal(problem, Guard.Problem(e));
    }

    [Theory] // The encodings at both ends are accepted: T0SZ 0 and 63, IPS 32 and 52.
    [InlineData(14, 0, 32)]
    [InlineData(16, 63, 52)]
    public void Constructor_AcceptsTheEncodingsAtTheEnds(int pageShift, int t0sz, int ips)
    {
        var c = new Arm64TranslationControl(pageShift, t0sz, outputAddressBits: ips);
        Assert.Equal((pageShift, t0sz, ips, ips), (c.PageShift, c.T0sz, c.OutputAddressBits, c.PaMaxBits));
    }

    [Theory] // DS is RES0 with 64K: the LPA2 format needs a 4K or 16K granule; the 64K 52-bit form is FEAT_LPA's, chosen
             // by PAMax 52. The output size is IPS capped by PAMax, and by 48 without a 52-bit format.
    [InlineData(12, true, 52, 52, true, false, 52, 12)]
    [InlineData(14, true, 52, 48, true, false, 48, 12)]
    [InlineData(16, true, 52, 52, false, true, 52, 12)]
    [InlineData(16, false, 48, 48, false, false, 48, 12)]
    [InlineData(12, false, 52, 52, false, false, 48, 16)]
    [InlineData(14, false, 44, 52, false, false, 44, 16)]
    public void Formats_DecideTheOutputSizeAndTheSmallestT0sz(int pageShift, bool ds, int ips, int paMax, bool lpa2, bool lpa64K, int outputSize, int minT0sz)
    {
        var c = new Arm64TranslationControl(pageShift, 16, ds, ips, paMaxBits: paMax);
        Assert.Equal(lpa2, c.Lpa2);
        Assert.Equal(lpa64K, c.Lpa64K);
        Assert.Equal(outputSize, c.OutputSize);
        Assert.Equal(minT0sz, c.MinT0sz);
        Assert.Equal(pageShift - 3, c.Stride);
    }

    [Fact] // __cpu_setup: TBI0 set, HPD0 clear, HA and HD set (the defaults), and each setting is kept as given.
    public void Settings_DefaultToWhatLinuxPrograms_AndKeepWhatIsGiven()
    {
        var linux = new Arm64TranslationControl(12, 16);
        Assert.Equal((true, true, true, false, false), (linux.Ha, linux.Hd, linux.Tbi0, linux.Hpd0, linux.Ds));
        var other = new Arm64TranslationControl(12, 16, ds: true, ha: false, hd: false, tbi0: false, hpd0: true);
        Assert.Equal((false, false, false, true, true), (other.Ha, other.Hd, other.Tbi0, other.Hpd0, other.Ds));
        Assert.Equal(39, Arm64TranslationControl.MaxT0sz);
    }
}
