using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Hardware;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Properties.Arch;

/// <summary>RISC-V Sv39/Sv48/Sv57 translation of U-mode loads and stores (privileged specification, "Virtual Address
/// Translation Process"), pinned rule by rule on tables built by hand.</summary>
/// <remarks>Fault codes are <c>scause</c>: load page fault 13, store/AMO page fault 15, load access fault 5, store/AMO
/// access fault 7.</remarks>
public sealed class SvMmuTests
{
    private const ulong V = 1, R = 2, W = 4, X = 8, U = 0x10, A = 0x40, D = 0x80;

    /// <summary>A young, dirty user leaf that may be read and written.</summary>
    private const ulong UserRwad = V | R | W | U | A | D;

    private static HardwareFault LoadPageFault(string why, int level) => new($"load page fault: {why}, level {level}", 13);

    private static HardwareFault StorePageFault(string why, int level) => new($"store/AMO page fault: {why}, level {level}", 15);

    [Theory] // satp.MODE has Sv39, Sv48 and Sv57 only (and Bare, which Linux never leaves a user space in).
    [InlineData(2)]
    [InlineData(6)]
    public void LevelsOtherThanThreeToFive_AreRefused(int levels) =>
        Assert.Equal("levels: Sv39, Sv48 and Sv57 have 3, 4 or 5 levels (Parameter 'levels')",
            Assert.Throws<ArgumentException>(() => new SvMmu(levels)).Message);

    [Fact] // Sv39, VA 0x12_3456_7abc: VPN[2] = 72, VPN[1] = 418, VPN[0] = 359, offset 0xabc.
    public void Sv39_IndexesNineBitsPerLevelFromBit30()
    {
        var t = new Tables(3);
        t.Map(0x12_3456_7abc, 0, Leaf(0x8_7654_3000));

        Assert.Equal(new Pfn(0x8_7654_3), t.Translate(0x12_3456_7abc).Pfn);
        Assert.Equal(new ulong[] { 72, 418, 359 }, t.Path(0x12_3456_7abc));
        Assert.Equal(LoadPageFault("V clear", 0), t.Translate(0x12_3456_8abc).Fault);
        Assert.Equal(LoadPageFault("V clear", 1), t.Translate(0x12_3480_0000).Fault);
        Assert.Equal(LoadPageFault("V clear", 2), t.Translate(0x13_0000_0000).Fault);
    }

    [Fact] // Sv48, VA 0x7f12_3456_7abc: VPN[3] = 254 above the Sv39 fields; Sv57 adds VPN[4] = VA[56:48].
    public void Sv48AndSv57_StartOneAndTwoLevelsHigher()
    {
        var sv48 = new Tables(4);
        sv48.Map(0x7f12_3456_7abc, 0, Leaf(0x1000));
        var sv57 = new Tables(5);
        sv57.Map(0xab_7f12_3456_7abc, 0, Leaf(0x2000));

        Assert.Equal(new ulong[] { 254, 72, 418, 359 }, sv48.Path(0x7f12_3456_7abc));
        Assert.Equal(new Pfn(1), sv48.Translate(0x7f12_3456_7abc).Pfn);
        Assert.Equal(new ulong[] { 0xab, 254, 72, 418, 359 }, sv57.Path(0xab_7f12_3456_7abc));
        Assert.Equal(new Pfn(2), sv57.Translate(0xab_7f12_3456_7abc).Pfn);
        Assert.Equal(LoadPageFault("V clear", 4), sv57.Translate(0x7f12_3456_7abc).Fault);
    }

    [Theory] // Bits 63..VA must equal bit VA-1; the first address past them faults before any PTE is read.
    [InlineData(3, 0x40_0000_0000UL)]
    [InlineData(3, 0xffff_ff80_0000_0000UL)]
    [InlineData(4, 0x8000_0000_0000UL)]
    [InlineData(5, 0x100_0000_0000_0000UL)]
    public void AddressNotSignExtended_IsALoadPageFault(int levels, ulong va)
    {
        var t = new Tables(levels);
        t.Unreadable();

        Assert.Equal(LoadPageFault("address not sign-extended", levels - 1), t.Translate(va).Fault);
        Assert.Equal(StorePageFault("address not sign-extended", levels - 1), t.Translate(va, Access.Write).Fault);
    }

    [Fact] // A sign-extended kernel address walks the root's upper half (VPN[2] = 256 for 0xffff_ffc0_1234_5678).
    public void SignExtendedHighAddress_WalksTheUpperHalfOfTheRoot()
    {
        var t = new Tables(3);
        t.Map(0xffff_ffc0_1234_5678, 0, Leaf(0x5000));

        Assert.Equal(new ulong[] { 256, 145, 325 }, t.Path(0xffff_ffc0_1234_5678));
        Assert.Equal(new Pfn(5), t.Translate(0xffff_ffc0_1234_5678).Pfn);
    }

    [Fact] // R = 0, W = 1 is reserved at every level, leaf or not.
    public void WriteWithoutRead_IsAPageFault()
    {
        var t = new Tables(3);
        t.Map(0, 0, Leaf(0x1000, V | W | U | A | D));
        t.Map(1UL << 30, 1, V | W | X);

        Assert.Equal(LoadPageFault("W without R", 0), t.Translate(0).Fault);
        Assert.Equal(StorePageFault("W without R", 0), t.Translate(0, Access.Write).Fault);
        Assert.Equal(LoadPageFault("W without R", 1), t.Translate(1UL << 30).Fault);
    }

    [Theory] // Bits 63:54 (N, PBMT, reserved) fault on a hart without Svnapot or Svpbmt, in a leaf and in a pointer.
    [InlineData(54)]
    [InlineData(60)]
    [InlineData(61)]
    [InlineData(63)]
    public void ReservedBit_IsAPageFault(int bit)
    {
        var t = new Tables(3);
        t.Map(0, 0, Leaf(0x1000) | (1UL << bit));
        var pointer = new Tables(3);
        pointer.Map(0, 0, Leaf(0x1000));
        pointer.Set(pointer.Root, 0, pointer.Get(pointer.Root, 0) | (1UL << bit));

        Assert.Equal(LoadPageFault("reserved bits 63:54 set", 0), t.Translate(0).Fault);
        Assert.Equal(LoadPageFault("reserved bits 63:54 set", 2), pointer.Translate(0).Fault);
    }

    [Fact] // A, D and U are reserved in a pointer; a pointer at level 0 has no table to point to.
    public void PointerWithADOrUOrAtLevelZero_IsAPageFault()
    {
        var t = new Tables(3);
        t.Map(0, 0, Leaf(0x1000));
        t.Set(t.Root, 0, t.Get(t.Root, 0) | A);
        var u = new Tables(3);
        u.Map(0, 1, Leaf(0x20_0000, UserRwad));
        u.Set(u.Root, 0, u.Get(u.Root, 0) | U);
        var bottom = new Tables(3);
        bottom.Map(0, 0, V);

        Assert.Equal(LoadPageFault("D, A or U set in a non-leaf PTE", 2), t.Translate(0).Fault);
        Assert.Equal(LoadPageFault("D, A or U set in a non-leaf PTE", 2), u.Translate(0).Fault);
        Assert.Equal(LoadPageFault("non-leaf PTE at level 0", 0), bottom.Translate(0).Fault);
    }

    [Fact] // A leaf above level 0 maps a superpage: PPN[i-1:0] come from the VA and must be 0 in the PTE.
    public void Superpages_TakeTheLowVpnFromTheAddress_AndMisalignedOnesFault()
    {
        var t = new Tables(3);
        t.Map(1UL << 30, 2, Leaf(0x4000_0000));
        t.Map(0x20_0000, 1, Leaf(0x60_0000));
        t.Map(2UL << 30, 2, Leaf(0x4020_0000));
        t.Map(0x40_0000, 1, Leaf(0x60_1000));

        Assert.Equal(new Pfn(0x4000_0 + 0x1234_5), t.Translate((1UL << 30) + 0x1234_5678).Pfn);
        Assert.Equal(new Pfn(0x600 + 0x1a), t.Translate(0x21_a000).Pfn);
        Assert.Equal(LoadPageFault("misaligned superpage", 2), t.Translate(2UL << 30).Fault);
        Assert.Equal(LoadPageFault("misaligned superpage", 1), t.Translate(0x40_0000).Fault);
    }

    [Fact] // A leaf at the top level is allowed: a 1 GiB gigapage in Sv39, 512 GiB in Sv48.
    public void LeafAtTheTopLevel_MapsTheWholeEntry()
    {
        var sv48 = new Tables(4);
        sv48.Map(1UL << 39, 3, Leaf(1UL << 39));

        Assert.Equal(new Pfn((1UL << 27) + 0x7ff_ffff), sv48.Translate((1UL << 39) + 0x7f_ffff_f000).Pfn);
    }

    [Fact] // U-mode needs U; a load needs R (X alone does not do, MXR being 0); a store needs W.
    public void Permissions_UserReadWrite()
    {
        var t = new Tables(3);
        t.Map(0x0000, 0, Leaf(0x1000, V | R | W | A | D));
        t.Map(0x1000, 0, Leaf(0x2000, V | X | U | A));
        t.Map(0x2000, 0, Leaf(0x3000, V | R | U | A | D));

        Assert.Equal(LoadPageFault("U clear", 0), t.Translate(0x0000).Fault);
        Assert.Equal(LoadPageFault("R clear", 0), t.Translate(0x1000).Fault);
        Assert.Equal(new Pfn(3), t.Translate(0x2000).Pfn);
        Assert.Equal(StorePageFault("W clear", 0), t.Translate(0x2000, Access.Write).Fault);
    }

    [Fact] // Svade: A clear faults any access; D clear faults a store and not a load.
    public void Svade_AccessedAndDirtyMustBeSetAlready()
    {
        var t = new Tables(3);
        t.Map(0x0000, 0, Leaf(0x1000, V | R | W | U | D));
        t.Map(0x1000, 0, Leaf(0x2000, V | R | W | U | A));
        t.Map(0x2000, 0, Leaf(0x3000, UserRwad));

        Assert.Equal(LoadPageFault("A clear", 0), t.Translate(0x0000).Fault);
        Assert.Equal(new Pfn(2), t.Translate(0x1000).Pfn);
        Assert.Equal(StorePageFault("D clear", 0), t.Translate(0x1000, Access.Write).Fault);
        Assert.Equal(new Pfn(3), t.Translate(0x2000, Access.Write).Pfn);
    }

    [Fact] // A PTE that cannot be read (a PMA/PMP violation) is an access fault, not a page fault.
    public void TableReadThatFails_IsAnAccessFault()
    {
        var t = new Tables(3);
        t.Map(0, 1, V | (1UL << 10));

        Assert.Equal(new HardwareFault("load access fault: PTE read failed, level 0", 5), t.Translate(0).Fault);
        Assert.Equal(new HardwareFault("store/AMO access fault: PTE read failed, level 0", 7), t.Translate(0, Access.Write).Fault);
    }

    [Fact] // Linux's PAGE_NONE (G|R without V) is present to Linux and a page fault to the hart.
    public void LinuxProtNone_IsAPageFault()
    {
        var t = new Tables(3);
        t.Map(0, 0, Leaf(0x1000, 0x20 | R));

        Assert.Equal(LoadPageFault("V clear", 0), t.Translate(0).Fault);
    }

    /// <summary>A leaf PTE for <paramref name="pa"/>: PPN at bit 10.</summary>
    private static ulong Leaf(ulong pa, ulong bits = UserRwad) => ((pa >> 12) << 10) | bits;

    /// <summary>Tables for one scheme (3, 4 or 5 levels), built entry by entry.</summary>
    private sealed class Tables
    {
        private readonly MachineMemory memory = new();
        private readonly AddressSpace mm = new(ModelCatalogue.Find("riscv/sv57@v6.12")!.Arch);
        private readonly Dictionary<(ulong Table, ulong Index), ulong> children = [];
        private readonly int levels;

        public Tables(int levels)
        {
            this.levels = levels;
            Root = mm.Pgd = NewTable();
        }

        public ulong Root { get; private set; }

        private ulong NewTable() => memory.AllocateTable(Level.Pte, "page table", 512, 0).Address;

        /// <summary>Makes the root unreadable: a walk that reads it ends in an access fault.</summary>
        public void Unreadable() => Root = mm.Pgd = 0x1000;

        public void Set(ulong table, ulong index, ulong pte) =>
            new Cpu(memory).Store(new EntryPointer(Level.Pte, table + index * 8), new Entry(Level.Pte, pte));

        public ulong Get(ulong table, ulong index) =>
            new Cpu(memory).Load(new EntryPointer(Level.Pte, table + index * 8)).Raw;

        /// <summary>VPN[LEVELS-1] … VPN[0] of <paramref name="va"/>.</summary>
        public IEnumerable<ulong> Path(ulong va) => Enumerable.Range(0, levels).Select(i => Vpn(va, levels - 1 - i));

        private static ulong Vpn(ulong va, int level) => (va >> (12 + 9 * level)) & 511;

        /// <summary><paramref name="pte"/> at <paramref name="level"/> along <paramref name="va"/>, with pointers (V alone)
        /// to new tables from the root down to it.</summary>
        public void Map(ulong va, int level, ulong pte)
        {
            var table = Root;
            for (var l = levels - 1; l > level; l--)
            {
                var index = Vpn(va, l);
                if (!children.TryGetValue((table, index), out var next))
                {
                    next = children[(table, index)] = NewTable();
                    Set(table, index, ((next >> 12) << 10) | V);
                }
                table = next;
            }
            Set(table, Vpn(va, level), pte);
        }

        public Translation Translate(ulong va, Access access = Access.Read) =>
            new SvMmu(levels).Translate(new Cpu(memory), mm, new VirtualAddress(va), access);
    }
}
