namespace PgtableInvariants.Arch.Hardware;

/// <summary>What TCR_EL1 and ID_AA64MMFR0_EL1 say about an EL0 translation through TTBR0_EL1: the granule (TG0),
/// T0SZ, DS, the output size (IPS, capped by PARange), HA and HD, TBI0 and HPD0.</summary>
/// <remarks>The defaults are what arm64 <c>__cpu_setup</c> programs (arch/arm64/mm/proc.S): TBI0 set, HPD0 clear,
/// HA set on a CPU with FEAT_HAFDBS and HD set by <c>cpu_enable_hw_dbm</c> where the CPU is not on the broken-DBM
/// list. DS is RES0 with the 64K granule: there the 52-bit form is FEAT_LPA's, chosen by
/// <see cref="PaMaxBits"/> = 52. With 64K, a T0SZ of 12 assumes FEAT_LVA, as Linux only programs it when
/// <c>ARM64_HAS_VA52</c> matched.</remarks>
public sealed record Arm64TranslationControl
{
    private static readonly int[] AddressSizes = [32, 36, 40, 42, 44, 48, 52];

    /// <summary>Settings as TCR_EL1 holds them; a field outside its encodings is refused.</summary>
    /// <param name="pageShift">The TG0 granule: 12 (4K), 14 (16K) or 16 (64K).</param>
    /// <param name="t0sz">TCR_EL1.T0SZ: the input address has 64 - T0SZ bits.</param>
    /// <param name="ds">TCR_EL1.DS (FEAT_LPA2 in use): 52-bit addresses with OA[51:50] in descriptor bits 9:8.</param>
    /// <param name="outputAddressBits">The size IPS selects: 32, 36, 40, 42, 44, 48 or 52.</param>
    /// <param name="ha">TCR_EL1.HA: hardware sets the access flag instead of faulting.</param>
    /// <param name="hd">TCR_EL1.HD: hardware clears AP[2] of a DBM leaf on a write; has effect only with HA.</param>
    /// <param name="tbi0">TCR_EL1.TBI0: bits 63:56 of a TTBR0 address are ignored.</param>
    /// <param name="hpd0">TCR_EL1.HPD0: the table descriptors' APTable, UXNTable and PXNTable are ignored.</param>
    /// <param name="paMaxBits">ID_AA64MMFR0_EL1.PARange as a size; <paramref name="outputAddressBits"/> when not given.</param>
    public Arm64TranslationControl(int pageShift, int t0sz, bool ds = false, int outputAddressBits = 48,
        bool ha = true, bool hd = true, bool tbi0 = true, bool hpd0 = false, int? paMaxBits = null)
    {
        Guard.Argument(pageShift is 12 or 14 or 16, nameof(pageShift), $"TG0 selects a 4K, 16K or 64K granule, not 2^{pageShift}");
        Guard.Argument(t0sz is >= 0 and < 64, nameof(t0sz), $"T0SZ is a 6-bit field, not {t0sz}");
        Guard.Argument(AddressSizes.Contains(outputAddressBits), nameof(outputAddressBits), $"IPS has no {outputAddressBits}-bit encoding");
        var paMax = paMaxBits ?? outputAddressBits;
        Guard.Argument(AddressSizes.Contains(paMax), nameof(paMaxBits), $"PARange has no {paMax}-bit encoding");
        PageShift = pageShift;
        T0sz = t0sz;
        Ds = ds;
        OutputAddressBits = outputAddressBits;
        Ha = ha;
        Hd = hd;
        Tbi0 = tbi0;
        Hpd0 = hpd0;
        PaMaxBits = paMax;
    }

    /// <summary>The granule's shift: 12, 14 or 16.</summary>
    public int PageShift { get; }

    public int T0sz { get; }

    /// <summary>TCR_EL1.DS as programmed (see <see cref="Lpa2"/> for its effect).</summary>
    public bool Ds { get; }

    /// <summary>The size IPS selects.</summary>
    public int OutputAddressBits { get; }

    public bool Ha { get; }

    public bool Hd { get; }

    public bool Tbi0 { get; }

    public bool Hpd0 { get; }

    /// <summary>The CPU's physical address range (PAMax) in bits.</summary>
    public int PaMaxBits { get; }

    /// <summary>Bits each level resolves: the granule's shift minus 3, as a table holds 2^(shift-3) descriptors.</summary>
    public int Stride => PageShift - 3;

    /// <summary>The LPA2 descriptor format is in use: DS set with a 4K or 16K granule (DS is RES0 with 64K).</summary>
    public bool Lpa2 => Ds && PageShift != 16;

    /// <summary>The FEAT_LPA 64K format: descriptor bits 15:12 hold OA[51:48] on a CPU whose PAMax is 52.</summary>
    public bool Lpa64K => PageShift == 16 && PaMaxBits == 52;

    /// <summary>The effective output size (<c>AArch64.PhysicalAddressSize</c>): IPS capped by PAMax, and by 48 unless
    /// one of the 52-bit descriptor formats is in use.</summary>
    public int OutputSize => Math.Min(Math.Min(OutputAddressBits, PaMaxBits), Lpa2 || Lpa64K ? 52 : 48);

    /// <summary>The smallest T0SZ (<c>AArch64.S1MinTxSZ</c>): 12 with LPA2 or the 64K granule (FEAT_LVA), else 16.</summary>
    public int MinT0sz => Lpa2 || PageShift == 16 ? 12 : 16;

    /// <summary>The largest T0SZ without FEAT_TTST (<c>AArch64.MaxTxSZ</c>).</summary>
    public static int MaxT0sz => 39;
}
