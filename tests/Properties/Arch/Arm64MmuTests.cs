using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Arch;

/// <summary>VMSAv8-64 stage 1, EL0 data accesses through TTBR0_EL1 (Arm ARM D8; <c>AArch64.S1Translate</c>,
/// <c>AArch64.S1Walk</c>), pinned rule by rule on tables built by hand.</summary>
/// <remarks>Fault codes are the DFSC of ESR_EL1 (arch/arm64/include/asm/esr.h). Tables live in a
/// <see cref="MachineMemory"/> whose window lies just below 2^48 or 2^52, as the output size of the walk needs.</remarks>
public sealed class Arm64MmuTests
{
    private const ulong TableType = 3, PageType = 3, BlockType = 1;
    private const ulong ApUser = 1UL << 6, ApReadOnly = 1UL << 7, Af = 1UL << 10, Dbm = 1UL << 51;
    private const ulong ApTableNoEl0 = 1UL << 61, ApTableReadOnly = 1UL << 62;

    /// <summary>A young leaf EL0 may read and write: AP[2:1] = 01, AF.</summary>
    private const ulong UserRw = Af | ApUser;

    private static Arm64TranslationControl Tcr(int pageShift, int t0sz, bool ds = false, int oa = 48, int? paMax = null,
        bool ha = true, bool hd = true, bool tbi0 = true, bool hpd0 = false) =>
        new(pageShift, t0sz, ds, oa, ha, hd, tbi0, hpd0, paMax);

    private static HardwareFault Fault(string name, ulong dfsc) => new(name, dfsc);

    // --- Start level and indexing: the worked examples ------------------------------------------------------------

    [Fact] // 16K, T0SZ=17 (Linux 16K/47, and 16K/52 without LPA2): start at level 1, VA[46:36], [35:25], [24:14].
    public void Granule16K_T0sz17_StartsAtLevel1AndIndexesElevenBitsPerLevel()
    {
        var t = new Tables(Tcr(14, 17), 48);
        var root = t.NewRoot(2048);
        var l2 = t.NewTable(2048);
        var l3 = t.NewTable(2048);
        t.Set(root, 0x7ff, t.TableDescriptor(l2));
        t.Set(l2, 0x123, t.TableDescriptor(l3));
        t.Set(l3, 0x456, 0x0000_1234_5678_c000 | UserRw | PageType);

        Assert.Equal(new Pfn(0x48d159e3), t.Translate(0x7ff2_4715_aabc).Pfn);
        Assert.Equal(Fault("translation fault, level 1", 0x05), t.Translate(0x7fe2_4715_aabc).Fault);
        Assert.Equal(Fault("translation fault, level 2", 0x06), t.Translate(0x7ff2_4915_aabc).Fault);
        Assert.Equal(Fault("translation fault, level 0", 0x04), t.Translate(0x8000_0000_0000).Fault);
    }

    [Fact] // 16K, T0SZ=12, DS=1 (Linux 16K/52 with LPA2): start at level 0 with 32 entries (VA[51:47]); level 1 blocks.
    public void Granule16K_T0sz12_Lpa2_StartsAtLevel0WithThirtyTwoEntriesAndAllowsLevel1Blocks()
    {
        var t = new Tables(Tcr(14, 12, ds: true, oa: 52), 52);
        var root = t.NewRoot(32);
        var l1 = t.NewTable(2048);
        t.Set(root, 0x1f, t.TableDescriptor(l1));
        t.Set(l1, 0x5a5, t.Leaf(0x000c_0010_0000_0000, 1));

        Assert.Equal(new Pfn(0x30_0066_1d95), t.Translate(0xf_da59_8765_4321).Pfn);
        Assert.Equal(Fault("translation fault, level 0", 0x04), t.Translate(0x7_da59_8765_4321).Fault);
        Assert.Equal(Fault("translation fault, level 0", 0x04), t.Translate(1UL << 52).Fault);
    }

    [Fact] // 4K, T0SZ=12, DS=1 (Linux 4K/52 with LPA2): level -1 with 16 entries (VA[51:48], the tag byte left out by
           // TBI0), then four levels of 9 bits.
    public void Granule4K_T0sz12_Lpa2_StartsAtLevelMinus1WithSixteenEntries()
    {
        var t = new Tables(Tcr(12, 12, ds: true, oa: 52), 52);
        var root = t.NewRoot(16);
        var l0 = t.NewTable(512);
        var l1 = t.NewTable(512);
        var l2 = t.NewTable(512);
        var l3 = t.NewTable(512);
        t.Set(root, 0xf, t.TableDescriptor(l0));
        t.Set(l0, 0x1ff, t.TableDescriptor(l1));
        t.Set(l1, 0x0aa, t.TableDescriptor(l2));
        t.Set(l2, 0x155, t.TableDescriptor(l3));
        t.Set(l3, 0x0f0, 0x0000_0042_4242_4000 | UserRw | PageType);
        t.Set(root, 0xd, 0x0000_0100_0000_0000 | UserRw | BlockType);

        Assert.Equal(new Pfn(0x42_4242_4), t.Translate(0xf_ffaa_aaaf_0123).Pfn);
        Assert.Equal(new Pfn(0x42_4242_4), t.Translate(0x0100_0000_0000_0000 | 0xf_ffaa_aaaf_0123).Pfn);
        Assert.Equal(Fault("translation fault, level -1", 0x2b), t.Translate(0xe_ffaa_aaaf_0123).Fault);
        Assert.Equal(Fault("translation fault, level -1", 0x2b), t.Translate(0xd_0000_0000_0000).Fault);
        Assert.Equal(Fault("translation fault, level 0", 0x04), t.Translate(0x1f_ffaa_aaaf_0123).Fault);
    }

    [Fact] // 64K, T0SZ=22 (Linux 64K/42): two levels, 8192 entries at level 2 (VA[41:29]) and at level 3 (VA[28:16]).
    public void Granule64K_T0sz22_WalksTwoLevels()
    {
        var t = new Tables(Tcr(16, 22), 48);
        var root = t.NewRoot(8192);
        var l3 = t.NewTable(8192);
        t.Set(root, 0x1fff, t.TableDescriptor(l3));
        t.Set(l3, 0x1abc, 0x0000_8765_4321_0000 | UserRw | PageType);

        Assert.Equal(new Pfn(0x8765_4321), t.Translate(0x3ff_fabc_beef).Pfn);
        Assert.Equal(Fault("translation fault, level 3", 0x07), t.Translate(0x3ff_fabd_beef).Fault);
        Assert.Equal(Fault("translation fault, level 0", 0x04), t.Translate(1UL << 42).Fault);
    }

    // --- Descriptor types -----------------------------------------------------------------------------------------

    [Theory] // AArch64.BlockDescSupported, and a page at level 3; the leaf maps the level's size, the offset is the VA's.
    [InlineData(12, 16, false, 48, 0, 1, 1UL << 30)]
    [InlineData(12, 16, false, 48, 0, 2, 1UL << 21)]
    [InlineData(12, 16, false, 48, 0, 3, 1UL << 12)]
    [InlineData(12, 12, true, 52, -1, 0, 1UL << 39)]
    [InlineData(14, 17, false, 48, 1, 2, 1UL << 25)]
    [InlineData(14, 17, false, 48, 1, 3, 1UL << 14)]
    [InlineData(14, 12, true, 52, 0, 1, 1UL << 36)]
    [InlineData(16, 22, false, 48, 2, 2, 1UL << 29)]
    [InlineData(16, 16, false, 48, 1, 3, 1UL << 16)]
    [InlineData(16, 16, false, 52, 1, 1, 1UL << 42)]
    public void Leaf_AtAnAllowedLevel_MapsItsSize(int pageShift, int t0sz, bool ds, int paBits, int start, int level, ulong size)
    {
        var t = new Tables(Tcr(pageShift, t0sz, ds, paBits), paBits);
        var pa = 0x0000_4000_0000_0000 + 3 * size;
        var va = 5 * size + size - (1UL << pageShift) + 0x18;
        t.Map(va, start, level, t.Leaf(pa, level));

        Assert.Equal(new Pfn(((pa + size) >> pageShift) - 1), t.Translate(va).Pfn);
    }

    [Theory] // AArch64.DecodeDescriptorType: 0b01 where BlockDescSupported says no is invalid, so a translation fault there.
    [InlineData(12, 16, false, 48, 0, 0, "translation fault, level 0", 0x04)]
    [InlineData(14, 16, false, 48, 0, 1, "translation fault, level 1", 0x05)]
    [InlineData(16, 16, false, 48, 1, 1, "translation fault, level 1", 0x05)]
    public void Block_AtALevelTheGranuleForbids_IsATranslationFaultThere(int pageShift, int t0sz, bool ds, int paBits, int start, int level, string name, ulong dfsc)
    {
        var t = new Tables(Tcr(pageShift, t0sz, ds, paBits), 48);
        t.Map(0, start, level, UserRw | BlockType);

        Assert.Equal(Fault(name, dfsc), t.Translate(0x18).Fault);
    }

    [Theory] // At level 3, 0b01 is reserved: a translation fault, not a page.
    [InlineData(12, 16, 0)]
    [InlineData(14, 17, 1)]
    [InlineData(16, 22, 2)]
    public void Level3_ReservedEncoding_IsATranslationFault(int pageShift, int t0sz, int start)
    {
        var t = new Tables(Tcr(pageShift, t0sz), 48);
        t.Map(0, start, 3, 0x0000_0001_0000_0000 | UserRw | BlockType);

        Assert.Equal(Fault("translation fault, level 3", 0x07), t.Translate(0).Fault);
    }

    [Fact] // AArch64.DecodeDescriptorType: bit 0 clear is invalid, a translation fault at the descriptor's own level.
    public void InvalidDescriptor_IsATranslationFaultAtItsOwnLevel()
    {
        var t = new Tables(Tcr(12, 16), 48);
        t.Map(0, 0, 3, 0x0000_0001_0000_0000 | UserRw | PageType);

        Assert.True(t.Translate(0).IsMapped);
        Assert.Equal(Fault("translation fault, level 3", 0x07), t.Translate(0x1000).Fault);
        Assert.Equal(Fault("translation fault, level 2", 0x06), t.Translate(0x20_0000).Fault);
        Assert.Equal(Fault("translation fault, level 1", 0x05), t.Translate(0x4000_0000).Fault);
        Assert.Equal(Fault("translation fault, level 0", 0x04), t.Translate(0x80_0000_0000).Fault);
    }

    // --- Access flag and permissions ------------------------------------------------------------------------------

    [Fact] // AF=0 is an access flag fault at the leaf's level without HA; with HA the hardware sets AF and translates.
    public void AccessFlagClear_FaultsWithoutHaAndTranslatesWithHa()
    {
        var t = new Tables(Tcr(12, 16), 48);
        t.Map(0x20_0000, 0, 2, t.Leaf(0x4000_0000, 2, ApUser));
        t.Map(0x40_0000, 0, 3, t.Leaf(0x5000_0000, 3, ApUser));

        Assert.Equal(Fault("access flag fault, level 2", 0x0a), t.Translate(0x20_1000, tcr: Tcr(12, 16, ha: false)).Fault);
        Assert.Equal(Fault("access flag fault, level 3", 0x0b), t.Translate(0x40_0000, Access.Write, Tcr(12, 16, ha: false)).Fault);
        Assert.Equal(new Pfn(0x4000_1), t.Translate(0x20_1000).Pfn);
        Assert.Equal(new Pfn(0x5000_0), t.Translate(0x40_0000, Access.Write).Pfn);
    }

    [Fact] // The access flag fault outranks the permission fault (it is raised in the walk, permissions after it).
    public void AccessFlagFault_OutranksPermissionFault()
    {
        var t = new Tables(Tcr(12, 16, ha: false), 48);
        t.Map(0, 0, 3, t.Leaf(0x4000_0000, 3, 0));

        Assert.Equal(Fault("access flag fault, level 3", 0x0b), t.Translate(0).Fault);
    }

    [Fact] // AP[2]=1 is read-only for EL0: a write is a permission fault at the leaf's level, a read translates.
    public void WriteToReadOnlyLeafWithoutDbm_IsAPermissionFault()
    {
        var t = new Tables(Tcr(12, 16), 48);
        t.Map(0, 0, 3, t.Leaf(0x4000_0000, 3, UserRw | ApReadOnly));
        t.Map(0x20_0000, 0, 2, t.Leaf(0x4020_0000, 2, UserRw | ApReadOnly));

        Assert.Equal(new Pfn(0x4000_0), t.Translate(0).Pfn);
        Assert.Equal(Fault("permission fault, level 3", 0x0f), t.Translate(0, Access.Write).Fault);
        Assert.Equal(Fault("permission fault, level 2", 0x0e), t.Translate(0x20_0000, Access.Write).Fault);
    }

    [Fact] // FEAT_HAFDBS: with HA and HD a DBM leaf is writable-clean, the hardware clears AP[2]; HD alone does nothing.
    public void WriteToWritableCleanLeaf_TranslatesOnlyWithHaAndHd()
    {
        var t = new Tables(Tcr(12, 16), 48);
        t.Map(0, 0, 3, t.Leaf(0x4000_0000, 3, UserRw | ApReadOnly | Dbm));

        Assert.Equal(new Pfn(0x4000_0), t.Translate(0, Access.Write).Pfn);
        Assert.Equal(Fault("permission fault, level 3", 0x0f), t.Translate(0, Access.Write, Tcr(12, 16, hd: false)).Fault);
        Assert.Equal(Fault("permission fault, level 3", 0x0f), t.Translate(0, Access.Write, Tcr(12, 16, ha: false)).Fault);
    }

    [Fact] // AP[1]=0 gives EL0 no data access at all, whatever AP[2] and DBM say.
    public void LeafWithoutApUser_IsAPermissionFaultForReadAndWrite()
    {
        var t = new Tables(Tcr(12, 16), 48);
        t.Map(0, 0, 3, t.Leaf(0x4000_0000, 3, Af | Dbm));
        t.Map(0x4000_0000, 0, 1, t.Leaf(0x8000_0000, 1, Af));

        Assert.Equal(Fault("permission fault, level 3", 0x0f), t.Translate(0).Fault);
        Assert.Equal(Fault("permission fault, level 3", 0x0f), t.Translate(0, Access.Write).Fault);
        Assert.Equal(Fault("permission fault, level 1", 0x0d), t.Translate(0x4000_0000).Fault);
    }

    [Fact] // APTable[0] in a table descriptor takes EL0 access away from every leaf below it; HPD0 ignores it.
    public void ApTableForbiddingEl0_IsAPermissionFaultAtTheLeafsLevel()
    {
        var t = new Tables(Tcr(12, 16), 48);
        t.Map(0, 0, 3, t.Leaf(0x4000_0000, 3), attributeLevel: 1, attributes: ApTableNoEl0);

        Assert.Equal(Fault("permission fault, level 3", 0x0f), t.Translate(0).Fault);
        Assert.Equal(new Pfn(0x4000_0), t.Translate(0, tcr: Tcr(12, 16, hpd0: true)).Pfn);
    }

    [Fact] // APTable[1] forbids writes below it, and beats DBM: no dirty-state update makes it writable.
    public void ApTableReadOnly_ForbidsWritesEvenToADbmLeaf()
    {
        var t = new Tables(Tcr(12, 16), 48);
        t.Map(0, 0, 3, t.Leaf(0x4000_0000, 3, UserRw | ApReadOnly | Dbm), attributeLevel: 0, attributes: ApTableReadOnly);

        Assert.Equal(new Pfn(0x4000_0), t.Translate(0).Pfn);
        Assert.Equal(Fault("permission fault, level 3", 0x0f), t.Translate(0, Access.Write).Fault);
        Assert.Equal(new Pfn(0x4000_0), t.Translate(0, Access.Write, Tcr(12, 16, hpd0: true)).Pfn);
    }

    [Fact] // AArch64.S1ApplyTablePerms ORs APTable down the walk: read-only or EL0-forbidding at two levels stays so.
    public void ApTableSetAtTwoLevels_StillApplies()
    {
        var t = new Tables(Tcr(12, 16), 48);
        t.Map(0, 0, 3, t.Leaf(0x4000_0000, 3), attributeLevel: 0, attributes: ApTableReadOnly, attributeLevels: 2);
        t.Map(0x80_0000_0000, 0, 3, t.Leaf(0x5000_0000, 3), attributeLevel: 1, attributes: ApTableNoEl0, attributeLevels: 2);

        Assert.Equal(new Pfn(0x4000_0), t.Translate(0).Pfn);
        Assert.Equal(Fault("permission fault, level 3", 0x0f), t.Translate(0, Access.Write).Fault);
        Assert.Equal(Fault("permission fault, level 3", 0x0f), t.Translate(0x80_0000_0000).Fault);
    }

    // --- Input range ----------------------------------------------------------------------------------------------

    [Fact] // AArch64.VAIsOutOfRange: VA bits from IA up to 55 (TBI0) or 63 must be 0; bit 55 selects TTBR1 (E0PD1).
    public void AddressBeyondTheInputSize_IsATranslationFaultAtLevel0()
    {
        var t = new Tables(Tcr(12, 16), 48);
        t.Map(0x1000, 0, 3, t.Leaf(0x4000_0000, 3));

        Assert.Equal(new Pfn(0x4000_0), t.Translate(0x1000).Pfn);
        Assert.Equal(new Pfn(0x4000_0), t.Translate(0x5a00_0000_0000_1000).Pfn);
        Assert.Equal(Fault("translation fault, level 0", 0x04), t.Translate(0x5a00_0000_0000_1000, tcr: Tcr(12, 16, tbi0: false)).Fault);
        Assert.Equal(Fault("translation fault, level 0", 0x04), t.Translate(0x0001_0000_0000_1000).Fault);
        Assert.Equal(Fault("translation fault, level 0", 0x04), t.Translate(0x0080_0000_0000_1000).Fault);
    }

    [Theory] // AArch64.S1TxSZFaults: T0SZ below the minimum (16 without LPA2) or above 39 is a level 0 translation fault.
    [InlineData(12)]
    [InlineData(40)]
    public void T0szOutOfRange_IsATranslationFaultAtLevel0(int t0sz)
    {
        var t = new Tables(Tcr(12, 16), 48);
        t.Map(0x1000, 0, 3, t.Leaf(0x4000_0000, 3));

        Assert.True(t.Translate(0x1000).IsMapped);
        Assert.Equal(Fault("translation fault, level 0", 0x04), t.Translate(0x1000, tcr: Tcr(12, t0sz)).Fault);
    }

    [Theory] // The bounds themselves are in range: T0SZ 16 (48-bit) and 39 (25-bit, a walk from level 2 with 16 entries).
    [InlineData(16, 0)]
    [InlineData(39, 2)]
    public void T0szAtItsBounds_Translates(int t0sz, int start)
    {
        var t = new Tables(Tcr(12, t0sz), 48);
        t.Map(0x1ff_f000, start, 3, t.Leaf(0x4000_0000, 3));

        Assert.Equal(new Pfn(0x4000_0), t.Translate(0x1ff_f123).Pfn);
        Assert.Equal(Fault("translation fault, level 0", 0x04), t.Translate(1UL << (64 - t0sz)).Fault);
    }

    // --- The table base ---------------------------------------------------------------------------------------------

    [Fact] // AArch64.S1TTBaseAddress: TTBR0's BADDR below the start table's size is RES0, taken as zero.
    public void TableBaseBelowTheStartTablesSize_IsIgnored()
    {
        var t = new Tables(Tcr(12, 16), 48);
        t.Map(0x1000, 0, 3, t.Leaf(0x4000_0000, 3));
        t.Ttbr += 0x808;

        Assert.Equal(new Pfn(0x4000_0), t.Translate(0x1000).Pfn);
    }

    [Theory] // A start table of two entries (16 bytes) is aligned to its size, but to 64 bytes with a 52-bit output
             // (LPA2, or FEAT_LPA's 64K form with IPS 52): TTBR0 = base + 16 reads the table at base + 16 or at base.
    [InlineData(12, 24, false, 48, 48, 48, 0, 1UL << 30, false)]
    [InlineData(12, 24, false, 52, 52, 48, 0, 1UL << 30, false)]
    [InlineData(16, 21, false, 48, 52, 48, 1, 1UL << 29, false)]
    [InlineData(16, 21, false, 52, 52, 52, 1, 1UL << 29, true)]
    [InlineData(12, 15, true, 52, 52, 52, -1, 1UL << 39, true)]
    public void TwoEntryStartTable_IsAlignedTo16BytesOr64With52BitOutput(int pageShift, int t0sz, bool ds, int oa, int paMax,
        int physicalBits, int start, ulong blockSize, bool aligned64)
    {
        var t = new Tables(Tcr(pageShift, t0sz, ds, oa, paMax), physicalBits);
        var stride = pageShift - 3;
        var baseTable = t.NewRoot(1 << stride);
        foreach (var (index, pa) in new[] { (0UL, 3 * blockSize), (2UL, 5 * blockSize) })
        {
            var next = t.NewTable(1 << stride);
            t.Set(baseTable, index, t.TableDescriptor(next));
            t.Set(next, 0, t.Leaf(pa, start + 1));
        }
        t.Ttbr = baseTable + 16;

        Assert.Equal(new Pfn((aligned64 ? 3UL : 5UL) * blockSize >> pageShift), t.Translate(0).Pfn);
    }

    // --- Output addresses -----------------------------------------------------------------------------------------

    [Fact] // The TTBR base is judged against the output size at level 0, even when the walk would start at level -1.
    public void TableBaseBeyondTheOutputSize_IsAnAddressSizeFaultAtLevel0()
    {
        var window = new Tables(Tcr(12, 16), 52);
        window.Map(0, 0, 3, window.Leaf(0x4000_0000, 3));
        var low = new Tables(Tcr(12, 16, oa: 44), 48);
        low.Map(0, 0, 3, low.Leaf(0x4000_0000, 3));
        var lpa2 = new Tables(Tcr(12, 12, ds: true, oa: 48, paMax: 52), 52);
        lpa2.Map(0, -1, 3, lpa2.Leaf(0x4000_0000, 3));

        Assert.Equal(Fault("address size fault, level 0", 0x00), window.Translate(0).Fault);
        Assert.Equal(Fault("address size fault, level 0", 0x00), low.Translate(0).Fault);
        Assert.Equal(Fault("address size fault, level 0", 0x00), lpa2.Translate(0).Fault);
        Assert.Equal(new Pfn(0x4000_0), lpa2.Translate(0, tcr: Tcr(12, 12, ds: true, oa: 52)).Pfn);
    }

    [Fact] // A next-table address beyond the output size faults at the table descriptor's level, the leaf's OA at the leaf's.
    public void AddressBeyondTheOutputSize_IsAnAddressSizeFaultAtTheDescriptorsLevel()
    {
        var lpa = new Tables(Tcr(16, 16, oa: 48, paMax: 52), 48);
        lpa.Map(0, 1, 2, lpa.Leaf(0x0000_0000_2000_0000, 2) | (1UL << 12));
        lpa.Map(1UL << 42, 1, 1, lpa.TableDescriptor(0x0000_0000_0001_0000) | (1UL << 12));
        var lpa2 = new Tables(Tcr(12, 12, ds: true, oa: 48, paMax: 52), 48);
        lpa2.Map(0, -1, -1, lpa2.TableDescriptor(0x0000_0000_0001_0000) | (1UL << 8));

        Assert.Equal(Fault("address size fault, level 2", 0x02), lpa.Translate(0).Fault);
        Assert.Equal(Fault("address size fault, level 1", 0x01), lpa.Translate(1UL << 42).Fault);
        Assert.Equal(Fault("address size fault, level -1", 0x29), lpa2.Translate(0).Fault);
        Assert.Equal(Fault("synchronous external abort on translation table walk, level 0", 0x14),
            lpa2.Translate(0, tcr: Tcr(12, 12, ds: true, oa: 52)).Fault);
    }

    [Fact] // 64K with FEAT_LPA: descriptor bits 15:12 are OA[51:48]; with IPS at 48 they are an address size fault.
    public void Granule64K_Lpa_TakesOutputAddressBits51To48FromBits15To12()
    {
        var t = new Tables(Tcr(16, 12, oa: 52), 52);
        var narrow = new Tables(Tcr(16, 16, oa: 48, paMax: 52), 48);
        const ulong page = 0x0000_1234_5678_0000 | (0xaUL << 12) | UserRw | PageType;
        t.Map(0xf_ff57_8123_0042, 1, 3, page);
        narrow.Map(0, 1, 3, page);

        Assert.Equal(new Pfn(0xa_1234_5678), t.Translate(0xf_ff57_8123_0042).Pfn);
        Assert.Equal(Fault("address size fault, level 3", 0x03), narrow.Translate(0).Fault);
        Assert.Equal(new Pfn(0x1234_5678), narrow.Translate(0, tcr: Tcr(16, 16, oa: 48)).Pfn);
    }

    [Fact] // LPA2 (DS=1): descriptor bits 9:8 are OA[51:50], and 49:48 are address bits; with DS=0 bits 9:8 are SH.
    public void Lpa2_TakesOutputAddressBits51To50FromBits9To8()
    {
        var t = new Tables(Tcr(12, 12, ds: true, oa: 52), 52);
        var classic = new Tables(Tcr(12, 16), 48);
        const ulong page = 0x0003_0000_abcd_e000 | (2UL << 8) | UserRw | PageType;
        t.Map(0x1234, -1, 3, page);
        classic.Map(0x1234, 0, 3, page);

        Assert.Equal(new Pfn(0xb_0000_abcd_e), t.Translate(0x1234).Pfn);
        Assert.Equal(new Pfn(0xabcd_e), classic.Translate(0x1234).Pfn);
    }

    [Fact] // A table read that aborts ends the walk with a synchronous external abort at the level being read.
    public void TableReadThatAborts_IsASynchronousExternalAbortOnTheWalk()
    {
        var t = new Tables(Tcr(12, 16), 48);
        t.Map(0, 0, 0, t.TableDescriptor(0x1000));

        Assert.Equal(Fault("synchronous external abort on translation table walk, level 1", 0x15), t.Translate(0).Fault);
    }

    /// <summary>Translation tables in a <see cref="MachineMemory"/> whose page-table window lies just below
    /// 2^<paramref name="physicalBits"/>, descriptors encoded for <paramref name="control"/>.</summary>
    /// <remarks>The address space only carries the root (<c>mm-&gt;pgd</c>): the MMU reads the tables through the
    /// memory it is given.</remarks>
    private sealed class Tables(Arm64TranslationControl control, int physicalBits)
    {
        private readonly MachineMemory memory = new(control.PageShift, physicalBits);
        private readonly AddressSpace mm = new(ModelCatalogue.X86FourLevel.Arch);
        private readonly Dictionary<(ulong Table, ulong Index), ulong> children = [];
        private ulong? root;

        /// <summary>TTBR0_EL1's base address, which <see cref="NewRoot"/> sets to the new table.</summary>
        public ulong Ttbr
        {
            get => mm.Pgd;
            set => mm.Pgd = value;
        }

        public ulong NewTable(int entries) => memory.AllocateTable(Level.Pte, "translation table", entries, 0).Address;

        /// <summary>A new start-level table, which becomes TTBR0's base.</summary>
        public ulong NewRoot(int entries)
        {
            root = mm.Pgd = NewTable(entries);
            return mm.Pgd;
        }

        public void Set(ulong table, ulong index, ulong descriptor) =>
            new Cpu(memory).Store(new EntryPointer(Level.Pte, table + index * (ulong)EntryPointer.Bytes64), new Entry(Level.Pte, descriptor));

        /// <summary>The address <paramref name="pa"/> in descriptor bits, as Linux's <c>__phys_to_pte_val</c> puts it.</summary>
        private ulong Encode(ulong pa) =>
            control.Lpa2 ? (pa & 0x0003_ffff_ffff_f000) | ((pa >> 50) << 8)
            : control.Lpa64K ? (pa & 0x0000_ffff_ffff_0000) | (((pa >> 48) & 0xf) << 12)
            : pa;

        public ulong TableDescriptor(ulong table, ulong attributes = 0) => Encode(table) | attributes | TableType;

        public ulong Leaf(ulong pa, int level, ulong attributes = UserRw) => Encode(pa) | attributes | (level == 3 ? PageType : BlockType);

        /// <summary><paramref name="descriptor"/> at <paramref name="level"/> along <paramref name="va"/>, with tables
        /// from <paramref name="start"/> down to it made where this builder has not made them yet (a full table each;
        /// <paramref name="attributes"/> go into the new table descriptors of <paramref name="attributeLevels"/> levels from
        /// <paramref name="attributeLevel"/>).</summary>
        public void Map(ulong va, int start, int level, ulong descriptor, int attributeLevel = int.MinValue, ulong attributes = 0,
            int attributeLevels = 1)
        {
            var stride = control.PageShift - 3;
            var table = root ??= NewRoot(1 << stride);
            for (var l = start; l < level; l++)
            {
                var index = Index(va, l);
                if (!children.TryGetValue((table, index), out var next))
                {
                    next = children[(table, index)] = NewTable(1 << stride);
                    Set(table, index, TableDescriptor(next, l >= attributeLevel && l - attributeLevel < attributeLevels ? attributes : 0));
                }
                table = next;
            }
            Set(table, Index(va, level), descriptor);
        }

        private ulong Index(ulong va, int level)
        {
            var stride = control.PageShift - 3;
            return (va >> (control.PageShift + stride * (3 - level))) & ((1UL << stride) - 1);
        }

        /// <summary>What the MMU makes of <paramref name="va"/> under <paramref name="tcr"/> (by default the
        /// settings the descriptors were encoded for).</summary>
        public Translation Translate(ulong va, Access access = Access.Read, Arm64TranslationControl? tcr = null) =>
            new Arm64Mmu(tcr ?? control).Translate(new Cpu(memory), mm, new VirtualAddress(va), access);
    }
}
