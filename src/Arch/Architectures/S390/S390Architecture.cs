using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;
using static PgtableInvariants.Arch.Architectures.S390.S390Bits;

namespace PgtableInvariants.Arch.Architectures.S390;

/// <summary>s390 with dynamic page-table folding: each mm has 3, 4 or 5 levels, upgraded on demand, while
/// <c>PxD_SHIFT</c> and <c>PTRS_PER_*</c> keep their static 5-level values (arch/s390/include/asm/pgtable.h).</summary>
/// <remarks>The real depth is read from the table-type bits every region entry carries, even an empty one. A
/// helper of a level above the mm's top sees an entry of a lower type and treats its level as folded. From 5.8 to
/// 6.12 only the region-3 software read/write bits move (arch/s390/include/asm/pgtable.h of 5.8 and 6.12; 3e93d49175a7); <c>pud_large</c>/<c>pmd_large</c>
/// are called <c>pud_leaf</c>/<c>pmd_leaf</c> in 6.12 with the same meaning, and <c>pXd_huge</c> is gone.</remarks>
public sealed class S390Architecture : GenericArchitecture, IDynamicFolding
{
    /// <summary>The values of each era in which the s390 helpers change (arch/s390/include/asm/pgtable.h of 5.8 and 6.12; 3e93d49175a7).</summary>
    private static readonly Forms[] FormsByEra =
    [
        new(KernelEra.V5_8, Region3ReadV5_8, Region3WriteV5_8, SegmentEntryBitsV5_8),
        new(KernelEra.V6_12, Region3ReadV6_12, Region3WriteV6_12, SegmentEntryBitsV6_12),
    ];

    /// <summary>The eras in which the s390 helpers change.</summary>
    public static IReadOnlyList<KernelEra> Eras { get; } = [.. FormsByEra.Select(f => f.Era)];

    private static readonly ulong[] PageProtectionMap =
    [
        // __P000 … __P111, __S000 … __S111 (xwr). s390 has no copy-on-write variant without PROTECT.
        PageNoneProt, PageRo, PageRo, PageRo, PageRx, PageRx, PageRx, PageRx,
        PageNoneProt, PageRo, PageRw, PageRw, PageRx, PageRx, PageRwx, PageRwx,
    ];

    private readonly Forms forms;
    private readonly LeafBits region3Bits;

    /// <summary>The s390 helpers as the newest s390 helper era at or before <paramref name="era"/> has them.</summary>
    public S390Architecture(KernelEra era)
        : base("s390", Geometry.Create((53, 2048, FoldKind.None), (42, 2048, FoldKind.None), (31, 2048, FoldKind.None), (20, 2048, FoldKind.None), 256, pageShift: 12), Eras, era)
    {
        forms = FormsByEra.Single(f => f.Era == Era);
        HugeSizes = [Geometry.Leaf(Level.Pmd), Geometry.Leaf(Level.Pud)];
        region3Bits = new(Region3Read, Region3Write, Region3Young, Region3Dirty, Region3SoftDirty, RegionProtect, RegionInvalid);
    }

    /// <summary><c>_REGION3_ENTRY_READ</c> of this era.</summary>
    public ulong Region3Read => forms.Region3Read;

    /// <summary><c>_REGION3_ENTRY_WRITE</c> of this era: what <c>pud_write</c> tests.</summary>
    public ulong Region3Write => forms.Region3Write;

    /// <summary>s390 selects <c>MMU_GATHER_RCU_TABLE_FREE</c>; <c>IDTE</c> and <c>IPTE</c> flush every CPU's TLB by
    /// themselves.</summary>
    public override TableFreeing TableFreeing => TableFreeing.AfterGracePeriod;

    public override IReadOnlyList<PageSize> HugeSizes { get; }

    public override Pfn MaxPfn => Addresses.Pfn.OfPhysical(ulong.MaxValue, Geometry.PageShift);

    public override ulong TaskSizeMax => S390Bits.TaskSizeMax;

    public override string TableName(Level level) => level switch
    {
        Level.Pgd => "region-1 table",
        Level.P4d => "region-2 table",
        Level.Pud => "region-3 table",
        Level.Pmd => "segment table",
        _ => "page table",
    };

    /// <summary>The region-table type an entry of <paramref name="level"/> has when its level is real.</summary>
    private static ulong OwnType(Level level) => level switch
    {
        Level.Pgd => TypeR1,
        Level.P4d => TypeR2,
        Level.Pud => TypeR3,
        _ => 0,
    };

    private static ulong TypeOf(Entry e) => e.Raw & RegionTypeMask;

    /// <summary><c>pgd_folded</c>, <c>p4d_folded</c>, <c>pud_folded</c>: the entry's type is below the level's own.</summary>
    private static bool IsFoldedEntry(Entry e) => e.Level is Level.Pgd or Level.P4d or Level.Pud && TypeOf(e) < OwnType(e.Level);

    /// <summary>mmu_context.h / pgtable.h: <c>mm_p4d_folded = asce_limit &lt;= _REGION1_SIZE</c>, and so on.</summary>
    public override bool MmFolded(AddressSpace mm, Level level) => level switch
    {
        Level.P4d => mm.AsceLimit <= Region1Size,
        Level.Pud => mm.AsceLimit <= Region2Size,
        Level.Pmd => mm.AsceLimit <= Region3Size,
        _ => false,
    };

    /// <summary><c>pgd_offset_raw</c> (d1874a0c2805, v5.2): the shift comes from the type of the top table's first
    /// entry, <c>((rste &amp; 0x0c) &gt;&gt; 2) * 11 + 20</c>, so the index always belongs to the real top table; an
    /// address above <c>asce_limit</c> wraps modulo 2048.</summary>
    public override EntryPointer PgdOffset(IMemory memory, AddressSpace mm, VirtualAddress addr)
    {
        var pgd = Geometry.Pointer(Level.Pgd, memory.LoadMm(mm, MmField.Pgd));
        var rste = memory.Load(pgd);
        var shift = (int)((TypeOf(rste) >> 2) * 11 + 20);
        return pgd + (int)((addr.Value >> shift) & (ulong)(Geometry[Level.Pgd].PtrsPer - 1));
    }

    /// <summary>5.8 <c>p4d_offset</c>/<c>pud_offset</c>/<c>pmd_offset</c>: dereference only when the parent entry's
    /// type is at least the parent level's own; otherwise return the pointer given. (5.9 writes each as
    /// <c>pXd_offset_lockless(p, *p, a)</c>, the same thing.) <c>pte_offset</c> is the generic one.</summary>
    public override EntryPointer Offset(IMemory memory, EntryPointer parentp, VirtualAddress addr)
    {
        var parent = memory.Load(parentp);
        return OffsetFrom(parentp, parent, addr);
    }

    /// <summary>5.9 <c>pXd_offset_lockless(pXdp, pXd, a)</c> (d3f7b1bb2040): decide on the value, and when the level
    /// is folded return the original table pointer, not the address of the copy.</summary>
    public override EntryPointer OffsetLockless(IMemory memory, EntryPointer parentp, StackCopy parent, VirtualAddress addr) =>
        parentp.Level == Level.Pmd ? base.OffsetLockless(memory, parentp, parent, addr) : OffsetFrom(parentp, parent.Value, addr);

    private EntryPointer OffsetFrom(EntryPointer parentp, Entry parent, VirtualAddress addr)
    {
        var level = parentp.Level.Child();
        if (level == Level.Pte)
            return Geometry.Pointer(Level.Pte, TableAddress(parent)) + Index(Level.Pte, addr);
        return TypeOf(parent) >= OwnType(parentp.Level)
            ? Geometry.Pointer(level, parent.Raw & RegionOrigin) + Index(level, addr)
            : parentp.As(level);
    }

    /// <summary>RFC v2 1/3 (Sep 2020) <c>rste_addr_end_folded</c>: for pgd and p4d entries the boundary size comes
    /// from the entry's type, <c>1UL &lt;&lt; (_SEGMENT_SHIFT + type * 11)</c>, so a 3-level mm iterates at the top.</summary>
    public override VirtualAddress AddrEndFolded(Entry entry, VirtualAddress addr, VirtualAddress end)
    {
        if (entry.Level is not (Level.Pgd or Level.P4d))
            return base.AddrEndFolded(entry, addr, end);
        var type = (int)(TypeOf(entry) >> 2);
        return LevelGeometry.AddrEnd(addr, end, 1UL << (20 + type * 11));
    }

    protected override bool ArchNone(Entry e) => e.Level switch
    {
        Level.Pgd => !IsFoldedEntry(e) && e.Has(RegionInvalid),
        Level.P4d => !IsFoldedEntry(e) && e.Raw == Region2Empty,
        Level.Pud => !IsFoldedEntry(e) && e.Raw == Region3Empty,
        Level.Pmd => e.Raw == SegmentEmpty,
        _ => e.Raw == PageInvalid,
    };

    protected override bool ArchPresent(Entry e) => e.Level switch
    {
        Level.Pgd or Level.P4d or Level.Pud => IsFoldedEntry(e) || (e.Raw & RegionOrigin) != 0,
        Level.Pmd => e.Raw != SegmentEmpty,
        _ => e.Has(PagePresent),
    };

    protected override bool ArchBad(Entry e)
    {
        var type = TypeOf(e);
        return e.Level switch
        {
            Level.Pgd => type >= TypeR1 && (e.Raw & ~RegionEntryBits) != 0,
            Level.P4d => type > TypeR2 || type == TypeR2 && (e.Raw & ~RegionEntryBits) != 0,
            Level.Pud => type > TypeR3 || Leaf(e) || type == TypeR3 && (e.Raw & ~RegionEntryBits) != 0,
            Level.Pmd => (e.Raw & SegmentTypeMask) != 0 || Leaf(e) || (e.Raw & ~forms.SegmentEntryBits) != 0,
            _ => false,
        };
    }

    /// <summary><c>pud_large</c> (<c>pud_leaf</c> in 6.12): type exactly R3 and the large bit; <c>pmd_large</c>
    /// (<c>pmd_leaf</c>): the large bit.</summary>
    public override bool Leaf(Entry e) => e.Level switch
    {
        Level.Pud => TypeOf(e) == TypeR3 && e.Has(Region3Large),
        Level.Pmd => e.Has(SegmentLarge),
        _ => false,
    };

    /// <summary><c>pXd_write</c>: the software write bit; for a pud, <c>_REGION3_ENTRY_WRITE</c> of the era.</summary>
    public override bool Write(Entry e) => e.Has(BitsOf(e).Write);

    public override bool Young(Entry e) => e.Level == Level.Pud ? throw Missing("pud_young") : e.Has(BitsOf(e).Young);

    public override bool Dirty(Entry e) => e.Level == Level.Pud ? throw Missing("pud_dirty") : e.Has(BitsOf(e).Dirty);

    public override bool Special(Entry e) => e.Level == Level.Pte && e.Has(PageSpecial);

    /// <summary>CONFIG_NUMA_BALANCING: <c>pte_protnone = present &amp;&amp; !read</c>,
    /// <c>pmd_protnone = large &amp;&amp; !read</c>.</summary>
    public override bool ProtNone(Entry e) => e.Level switch
    {
        Level.Pte => e.Has(PagePresent) && !e.Has(PageRead),
        Level.Pmd => Leaf(e) && !e.Has(SegmentRead),
        _ => false,
    };

    /// <summary>5.8 to 6.12 have pmd young/old/dirty/clean/write helpers and pte ones; for puds only dirty/clean/write
    /// (no THP PUD on s390), so the pud group of debug_vm_pgtable does not apply.</summary>
    public override bool HasLeafHelpers(Level level) => level is Level.Pte or Level.Pmd;

    /// <summary><c>pte_mkyoung</c>/<c>pmd_mkyoung</c>: young, and valid again when readable.</summary>
    public override Entry MkYoung(Entry e)
    {
        var b = e.Level == Level.Pud ? throw Missing("pud_mkyoung") : BitsOf(e);
        return e.Has(b.Read) ? e.Set(b.Young).Clear(b.Invalid) : e.Set(b.Young);
    }

    /// <summary><c>pte_mkold</c>/<c>pmd_mkold</c>: old entries are invalid to the hardware, so the next access faults.</summary>
    public override Entry MkOld(Entry e)
    {
        var b = e.Level == Level.Pud ? throw Missing("pud_mkold") : BitsOf(e);
        return e.Clear(b.Young).Set(b.Invalid);
    }

    /// <summary><c>pXd_mkdirty</c>: dirty and soft-dirty (6.1 pgtable.h:1008-1014, 1437-1443, 1465-1471; 6.12
    /// :1072-1078, 1567-1573, 1595-1601), and writable to the hardware when the software write bit is set.</summary>
    public override Entry MkDirty(Entry e)
    {
        var b = BitsOf(e);
        var dirty = e.Set(b.Dirty | b.SoftDirty);
        return dirty.Has(b.Write) ? dirty.Clear(b.Protect) : dirty;
    }

    /// <summary><c>pXd_mkclean</c>: clean entries are protected, so the next write faults.</summary>
    public override Entry MkClean(Entry e) => e.Clear(BitsOf(e).Dirty).Set(BitsOf(e).Protect);

    /// <summary><c>pXd_mkwrite</c>: the software write bit, and hardware write access once dirty.</summary>
    public override Entry MkWrite(Entry e)
    {
        var b = BitsOf(e);
        var writable = e.Set(b.Write);
        return writable.Has(b.Dirty) ? writable.Clear(b.Protect) : writable;
    }

    public override Entry Wrprotect(Entry e) => e.Clear(BitsOf(e).Write).Set(BitsOf(e).Protect);

    /// <summary>Where a level keeps its software read/write/young/dirty/soft-dirty bits and its hardware protect/invalid
    /// bits.</summary>
    private readonly record struct LeafBits(ulong Read, ulong Write, ulong Young, ulong Dirty, ulong SoftDirty, ulong Protect, ulong Invalid);

    private static readonly LeafBits PteBits = new(PageRead, PageWrite, PageYoung, PageDirty, PageSoftDirty, PageProtect, PageInvalid);
    private static readonly LeafBits SegmentBits =
        new(SegmentRead, SegmentWrite, SegmentYoung, SegmentDirty, SegmentSoftDirty, SegmentProtect, SegmentInvalid);
    private LeafBits BitsOf(Entry e) => e.Level switch
    {
        Level.Pud => region3Bits,
        Level.Pmd => SegmentBits,
        _ => PteBits,
    };

    /// <summary><c>pmd_mkhuge</c> sets LARGE, YOUNG and PROTECT; <c>pte_mkhuge</c> (hugetlb's pte view) sets
    /// <c>_PAGE_LARGE</c>.</summary>
    public override Entry MkHuge(Entry e) => e.Level switch
    {
        Level.Pmd => e.Set(SegmentLarge | SegmentYoung | SegmentProtect),
        Level.Pte => e.Set(PageLarge),
        _ => throw Missing("pud_mkhuge"),
    };

    /// <summary>s390's own <c>pmdp_invalidate</c> sets <c>_SEGMENT_ENTRY_INVALID</c> (asm/pgtable.h 6.12:1816); s390
    /// selects no <c>ARCH_ENABLE_THP_MIGRATION</c>, so only a split makes it.</summary>
    public override Entry PmdMkInvalid(Entry pmd) => pmd.Set(SegmentInvalid);

    public override Pfn Pfn(Entry e) => Addresses.Pfn.OfPhysical(e.Level switch
    {
        Level.Pud => e.Raw & (Leaf(e) ? Region3OriginLarge : RegionOrigin),
        Level.Pmd => e.Raw & (Leaf(e) ? SegmentOriginLarge : SegmentOrigin),
        Level.Pte => e.Raw,
        _ => e.Raw & RegionOrigin,
    }, Geometry.PageShift);

    /// <summary><c>pfn_pte</c> is <c>mk_pte_phys</c>, which ends in <c>pte_mkyoung</c>; <c>pfn_pmd</c> is
    /// <c>mk_pmd_phys</c> with <c>massage_pgprot_pmd</c>. 5.8 has no <c>pfn_pud</c>.</summary>
    public override Entry PfnEntry(Level level, Pfn pfn, VmFlags flags)
    {
        var prot = PageProtectionMap[(int)flags & 0xf];
        return level switch
        {
            Level.Pte => MkYoung(new Entry(Level.Pte, pfn.PhysicalAddress(Geometry.PageShift) | prot)),
            Level.Pmd => new Entry(Level.Pmd, pfn.PhysicalAddress(Geometry.PageShift) | MassagePgprotPmd(prot)),
            _ => throw Missing($"pfn_{level.Name()}"),
        };
    }

    private static ulong MassagePgprotPmd(ulong prot) => prot switch
    {
        PageNoneProt => SegmentNoneProt,
        PageRo => SegmentRo,
        PageRx => SegmentRx,
        PageRw => SegmentRw,
        _ => SegmentRwx,
    };

    /// <summary>A 2 GiB page exists only through hugetlbfs: <c>make_huge_pte</c> builds a pte-format entry
    /// (<c>mk_pte</c>, dirty+write or wrprotect, <c>pte_mkyoung</c>, <c>pte_mkhuge</c>) and <c>set_huge_pte_at</c>
    /// converts it with <c>__pte_to_rste</c>, which uses the <em>segment</em> bit positions, then adds R3 and LARGE
    /// (arch/s390/mm/hugetlbpage.c, the same in 5.8, 6.1 and 6.12): until 6.9 its read bit 0x1 is the region-3 write
    /// bit.</summary>
    public override Entry MakeLeaf(PageSize size, Pfn pfn, VmFlags flags)
    {
        if (size.Level != Level.Pud)
            return base.MakeLeaf(size, pfn, flags);
        var pte = PfnEntry(Level.Pte, pfn, flags);
        pte = flags.HasFlag(VmFlags.Write) ? MkWrite(MkDirty(pte)) : Wrprotect(pte);
        pte = MkHuge(MkYoung(pte));
        return new Entry(Level.Pud, PteToRste(pte) | TypeR3 | Region3Large);
    }

    /// <summary>arch/s390/mm/hugetlbpage.c <c>__pte_to_rste</c>: move each pte bit to its segment-entry position.</summary>
    private ulong PteToRste(Entry pte)
    {
        if (!pte.Has(PagePresent))
            return SegmentEmpty;
        return HugeBitMoves.Where(m => pte.Has(m.Pte)).Aggregate(pte.Raw & ~(Geometry.PageSize - 1), (rste, m) => rste | m.Segment);
    }

    /// <summary>arch/s390/mm/hugetlbpage.c <c>huge_ptep_get</c> = <c>__rste_to_pte</c>: the segment-position bits
    /// of a huge pmd or pud moved back to pte positions, with <c>_PAGE_LARGE | _PAGE_PRESENT</c>.</summary>
    public override Entry HugePteGet(Entry leaf)
    {
        if (!Present(leaf))
            return new Entry(Level.Pte, PageInvalid);
        var pte = (leaf.Raw & SegmentOriginLarge) | PageLarge | PagePresent;
        return new Entry(Level.Pte, HugeBitMoves.Where(m => leaf.Has(m.Segment)).Aggregate(pte, (p, m) => p | m.Pte));
    }

    /// <summary>The <c>move_set_bit</c> pairs of arch/s390/mm/hugetlbpage.c, the same in <c>__pte_to_rste</c> and
    /// <c>__rste_to_pte</c>: each pte bit and its segment-entry position, the soft-dirty bits under CONFIG_MEM_SOFT_DIRTY
    /// (6.1 hugetlbpage.c:63-66 and 113-115).</summary>
    private static readonly (ulong Pte, ulong Segment)[] HugeBitMoves =
    [
        (PageRead, SegmentRead), (PageWrite, SegmentWrite), (PageInvalid, SegmentInvalid), (PageProtect, SegmentProtect),
        (PageDirty, SegmentDirty), (PageYoung, SegmentYoung), (PageSoftDirty, SegmentSoftDirty), (PageNoExec, SegmentNoExec),
    ];

    public override ulong TableAddress(Entry e) => e.Raw & (e.Level == Level.Pmd ? SegmentOrigin : RegionOrigin);

    /// <summary>pgalloc.h: <c>pgd_populate</c> writes <c>_REGION1_ENTRY | pa</c>, <c>p4d_populate</c>
    /// <c>_REGION2_ENTRY | pa</c>, <c>pud_populate</c> <c>_REGION3_ENTRY | pa</c>, <c>pmd_populate</c> <c>pa</c>.</summary>
    public override Entry TableEntry(Level level, ulong table) => new(level, level switch
    {
        Level.Pgd => Region1Entry | table,
        Level.P4d => Region2Entry | table,
        Level.Pud => Region3Entry | table,
        _ => table,
    });

    /// <summary><c>crst_table_init</c> with <c>_REGION1/2/3_ENTRY_EMPTY</c> or <c>_SEGMENT_ENTRY_EMPTY</c>;
    /// page tables are filled with <c>_PAGE_INVALID</c>.</summary>
    public override Entry EmptyEntry(Level level) => new(level, level switch
    {
        Level.Pgd => Region1Empty,
        Level.P4d => Region2Empty,
        Level.Pud => Region3Empty,
        Level.Pmd => SegmentEmpty,
        _ => PageInvalid,
    });

    /// <summary><c>pgd_clear</c>, <c>p4d_clear</c>, <c>pud_clear</c> write the empty value only when the entry has
    /// their own type; <c>pmd_clear</c> and <c>pte_clear</c> always write.</summary>
    public override void Clear(IMemory memory, EntryPointer p)
    {
        if (p.Level is Level.Pgd or Level.P4d or Level.Pud && TypeOf(memory.Load(p)) != OwnType(p.Level))
            return;
        memory.Store(p, EmptyEntry(p.Level));
    }

    /// <summary><c>gup_fast_permitted = end &lt;= current-&gt;mm-&gt;context.asce_limit</c>.</summary>
    public override bool GupFastPermitted(IMemory memory, AddressSpace mm, VirtualAddress start, VirtualAddress end) =>
        end.Value <= memory.LoadMm(mm, MmField.AsceLimit);

    public ulong AsceLimitFor(int levels) => levels switch
    {
        3 => Region2Size,
        4 => Region1Size,
        5 => S390Bits.TaskSizeMax,
        _ => throw new ArgumentOutOfRangeException(nameof(levels), levels, "an s390 mm has 3, 4 or 5 levels"),
    };

    public Level TopTableLevel(ulong asceLimit) => asceLimit switch
    {
        <= Region3Size => Level.Pmd,
        <= Region2Size => Level.Pud,
        <= Region1Size => Level.P4d,
        _ => Level.Pgd,
    };

    /// <summary>The ASCE of <paramref name="mm"/> as <c>init_new_context</c>/<c>crst_table_upgrade</c> set it.</summary>
    public static ulong Asce(AddressSpace mm)
    {
        var type = mm.AsceLimit switch
        {
            <= Region3Size => 0UL,
            <= Region2Size => TypeR3,
            <= Region1Size => TypeR2,
            _ => TypeR1,
        };
        return mm.Pgd | AsceTableLength | AsceUserBits | type;
    }

    /// <summary><c>check_asce_limit</c>: <c>if (addr + len &gt; asce_limit &amp;&amp; addr + len &lt;= TASK_SIZE)</c>.</summary>
    public void CheckAsceLimit(AddressSpace mm, VirtualAddress addr, ulong len)
    {
        var end = unchecked(addr.Value + len);
        if (end > mm.AsceLimit && end <= S390Bits.TaskSizeMax)
            CrstTableUpgrade(mm, end);
    }

    /// <summary><c>crst_table_upgrade(mm, end)</c> (5.8): a new region-2 table whose entry 0 is
    /// <c>p4d_populate</c>d with the old region-3 top, and if <c>end &gt; _REGION1_SIZE</c> a new region-1 table on
    /// top of that. The old table is neither copied nor freed: it keeps translating [0, old limit).</summary>
    public void CrstTableUpgrade(AddressSpace mm, ulong end)
    {
        Guard.State(mm.AsceLimit >= Region2Size, "upgrade only from 3 to 4, 3 to 5 or 4 to 5 levels");
        if (end <= mm.AsceLimit)
            return;
        var cpu = new Cpu(mm.Memory);
        if (mm.AsceLimit == Region2Size)
        {
            var p4d = mm.AllocateTable(Level.P4d);
            cpu.Store(p4d.At(0), TableEntry(Level.P4d, mm.Pgd));
            mm.Pgd = p4d.Address;
            mm.AsceLimit = Region1Size;
        }
        if (end > Region1Size)
        {
            var pgd = mm.AllocateTable(Level.Pgd);
            cpu.Store(pgd.At(0), TableEntry(Level.Pgd, mm.Pgd));
            mm.Pgd = pgd.Address;
            mm.AsceLimit = S390Bits.TaskSizeMax;
        }
    }

    /// <summary>No s390 tree from 5.8 to 6.12 has pud_young, pud_mkyoung, pud_mkold, pud_mkhuge or pfn_pud.</summary>
    private NotSupportedException Missing(string helper) => new($"{Name} {Era.Version} has no {helper}");

    /// <summary>The s390 values of one helper era.</summary>
    /// <param name="Era">The first era with these values.</param>
    /// <param name="Region3Read"><c>_REGION3_ENTRY_READ</c>.</param>
    /// <param name="Region3Write"><c>_REGION3_ENTRY_WRITE</c>.</param>
    /// <param name="SegmentEntryBits"><c>_SEGMENT_ENTRY_BITS</c>.</param>
    private sealed record Forms(KernelEra Era, ulong Region3Read, ulong Region3Write, ulong SegmentEntryBits);
}
