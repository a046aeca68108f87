namespace PgtableInvariants.Arch.Architectures.S390;

/// <summary>s390 entry bits and values, arch/s390/include/asm/pgtable.h as of 5.8, with the few
/// that 6.12 changes named by era.</summary>
/// <remarks>Built as the s390 defconfig builds it, with <c>CONFIG_MEM_SOFT_DIRTY=y</c> (5.8, 6.1 and 6.12 alike), so the
/// soft-dirty bits are real; on a machine with NX, EDAT-1 and EDAT-2.</remarks>
public static class S390Bits
{
    // ASCE.
    public const ulong AsceOrigin = ~0xfffUL;
    public const ulong AsceRealSpace = 0x20;
    public const ulong AsceTypeMask = 0x0c;
    public const ulong AsceTableLength = 0x03;

    /// <summary><c>_ASCE_USER_BITS</c>: space-switch, private-space and alteration-event controls.</summary>
    public const ulong AsceUserBits = 0x40 | 0x100 | 0x80;

    // Region entries (region-1, -2, -3 tables).
    public const ulong RegionOrigin = ~0xfffUL;
    public const ulong RegionProtect = 0x200;
    public const ulong RegionNoExec = 0x100;
    public const ulong RegionOffset = 0xc0;
    public const ulong RegionInvalid = 0x20;
    public const ulong RegionTypeMask = 0x0c;
    public const ulong TypeR1 = 0x0c;
    public const ulong TypeR2 = 0x08;
    public const ulong TypeR3 = 0x04;
    public const ulong RegionLength = 0x03;
    public const ulong Region1Entry = TypeR1 | RegionLength;
    public const ulong Region1Empty = TypeR1 | RegionInvalid;
    public const ulong Region2Entry = TypeR2 | RegionLength;
    public const ulong Region2Empty = TypeR2 | RegionInvalid;
    public const ulong Region3Entry = TypeR3 | RegionLength;
    public const ulong Region3Empty = TypeR3 | RegionInvalid;

    /// <summary><c>_REGION_ENTRY_BITS</c>: the bits a valid region entry may have.</summary>
    public const ulong RegionEntryBits = 0xffff_ffff_ffff_f22f;

    // Region-3 leaf (2 GiB page).
    public const ulong Region3OriginLarge = ~0x7fff_ffffUL;
    public const ulong Region3Dirty = 0x2000;
    public const ulong Region3Young = 0x1000;
    public const ulong Region3Large = 0x0400;

    /// <summary><c>_REGION3_ENTRY_SOFT_DIRTY</c> 0x4000 with CONFIG_MEM_SOFT_DIRTY (5.8 pgtable.h:263-267, 6.1 :266-270,
    /// 6.12 :292-296), which the s390 defconfig enables; 0 without it.</summary>
    public const ulong Region3SoftDirty = 0x4000;

    /// <summary>5.8 to 6.9 (5.8 pgtable.h:260-261, 6.1 :263-264): <c>_REGION3_ENTRY_READ</c> 0x2 and
    /// <c>_REGION3_ENTRY_WRITE</c> 0x1, the other way round from the segment entry's.</summary>
    public const ulong Region3ReadV5_8 = 0x0002;
    public const ulong Region3WriteV5_8 = 0x0001;

    /// <summary>6.12 (pgtable.h:289-290): READ 0x1 and WRITE 0x2, equal to the segment entry's (3e93d49175a7
    /// "s390/pgtable: Switch read and write softbits for puds").</summary>
    public const ulong Region3ReadV6_12 = 0x0001;
    public const ulong Region3WriteV6_12 = 0x0002;

    // Segment entries.
    public const ulong SegmentOrigin = ~0x7ffUL;
    public const ulong SegmentOriginLarge = ~0xf_ffffUL;
    public const ulong SegmentProtect = 0x200;
    public const ulong SegmentNoExec = 0x100;
    public const ulong SegmentInvalid = 0x20;
    public const ulong SegmentTypeMask = 0x0c;
    public const ulong SegmentEmpty = SegmentInvalid;
    public const ulong SegmentDirty = 0x2000;
    public const ulong SegmentYoung = 0x1000;
    public const ulong SegmentLarge = 0x0400;
    public const ulong SegmentWrite = 0x0002;
    public const ulong SegmentRead = 0x0001;

    /// <summary><c>_SEGMENT_ENTRY_SOFT_DIRTY</c> 0x4000 with CONFIG_MEM_SOFT_DIRTY (5.8 pgtable.h:291-295, 6.1 :294-298,
    /// 6.12 :320-324).</summary>
    public const ulong SegmentSoftDirty = 0x4000;

    /// <summary><c>_SEGMENT_ENTRY_BITS</c> until 6.9 (5.8 pgtable.h).</summary>
    public const ulong SegmentEntryBitsV5_8 = 0xffff_ffff_ffff_fe33;

    /// <summary>6.12 <c>_SEGMENT_ENTRY_BITS</c> (pgtable.h:301) also admits 0x0c, which <c>pmd_bad</c> rejects first as
    /// type bits, so its answers do not change.</summary>
    public const ulong SegmentEntryBitsV6_12 = 0xffff_ffff_ffff_fe3f;

    // Page-table entries: hardware bits, then software bits.
    public const ulong PageNoExec = 0x100;
    public const ulong PageProtect = 0x200;
    public const ulong PageInvalid = 0x400;
    public const ulong PageLarge = 0x800;
    public const ulong PagePresent = 0x001;
    public const ulong PageYoung = 0x004;
    public const ulong PageDirty = 0x008;
    public const ulong PageRead = 0x010;
    public const ulong PageWrite = 0x020;
    public const ulong PageSpecial = 0x040;

    /// <summary><c>_PAGE_SOFT_DIRTY</c> 0x002 with CONFIG_MEM_SOFT_DIRTY (5.8 pgtable.h:177-181, 6.1 :178-182,
    /// 6.12 :194-198).</summary>
    public const ulong PageSoftDirty = 0x002;

    /// <summary><c>PAGE_NONE</c>, <c>PAGE_RO</c>, <c>PAGE_RX</c>, <c>PAGE_RW</c>, <c>PAGE_RWX</c>.</summary>
    public const ulong PageNoneProt = PagePresent | PageInvalid | PageProtect;
    public const ulong PageRo = PagePresent | PageRead | PageNoExec | PageInvalid | PageProtect;
    public const ulong PageRx = PagePresent | PageRead | PageInvalid | PageProtect;
    public const ulong PageRw = PagePresent | PageRead | PageWrite | PageNoExec | PageInvalid | PageProtect;
    public const ulong PageRwx = PagePresent | PageRead | PageWrite | PageInvalid | PageProtect;

    /// <summary><c>SEGMENT_NONE</c> … <c>SEGMENT_RWX</c>: <c>massage_pgprot_pmd</c>'s images of the above.</summary>
    public const ulong SegmentNoneProt = SegmentInvalid | SegmentProtect;
    public const ulong SegmentRo = SegmentProtect | SegmentRead | SegmentNoExec;
    public const ulong SegmentRx = SegmentProtect | SegmentRead;
    public const ulong SegmentRw = SegmentRead | SegmentWrite | SegmentNoExec;
    public const ulong SegmentRwx = SegmentRead | SegmentWrite;

    /// <summary><c>_REGION1_SIZE</c>, <c>_REGION2_SIZE</c>, <c>_REGION3_SIZE</c>.</summary>
    public const ulong Region1Size = 1UL << 53;
    public const ulong Region2Size = 1UL << 42;
    public const ulong Region3Size = 1UL << 31;

    /// <summary><c>TASK_SIZE_MAX = -PAGE_SIZE</c>.</summary>
    public const ulong TaskSizeMax = 0xffff_ffff_ffff_f000;
}
