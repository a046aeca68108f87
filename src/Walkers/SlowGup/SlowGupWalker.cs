using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Walkers.Results;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Walkers.SlowGup;

/// <summary>Slow gup as <c>__get_user_pages</c> sees the tables: <c>follow_page_mask</c> for each page under the
/// mmap lock, from <c>pgd_offset</c> down through <c>p4d_offset</c>, <c>pud_offset</c>, <c>pmd_offset</c> and
/// <c>pte_offset_map_lock</c>, with real pointers and no iteration across entries.</summary>
/// <remarks>A page it cannot follow (no table, not present, or not writable for a write) is reported as a
/// one-page hole at the level where the walk ended; the fault handling that would then populate it is not modelled.</remarks>
public sealed class SlowGupWalker : IWalker
{
    private static readonly HelperNames DerefName = HelperNames.Of(n => $"*{n}");
    private static readonly HelperNames NoneName = HelperNames.Of(n => $"{n}_none");
    private static readonly HelperNames LeafUnusableName = HelperNames.Of(n => $"{n} leaf not usable");
    private static readonly HelperNames FollowHugeName = HelperNames.Of(n => $"follow_huge_{n}");
    private static readonly HelperNames BadName = HelperNames.Of(n => $"{n}_bad");
    /// <summary>The helper that goes from a pointer of this level to the next: <c>pud_offset</c> from a p4d, and so on.</summary>
    private static readonly HelperNames ChildOffsetName = HelperNames.Of(n => n switch
    {
        "pgd" => "p4d_offset",
        "p4d" => "pud_offset",
        "pud" => "pmd_offset",
        "pmd" => "pte_offset_map_lock",
        _ => "",
    });

    public string Name => "gup-slow";

    public WalkResult Walk(AddressSpace mm, WalkRange range, WalkOptions options)
    {
        var ctx = new WalkContext(mm, range, options);
        foreach (var va in range.EachPage())
        {
            if (!ctx.Tick())
                break;
            ctx.Enter("follow_page_mask", va, va + ctx.PageSize);
            FollowPage(ctx, va, options.Write);
            ctx.Leave();
            if (ctx.Stopped)
                break;
        }
        return ctx.Finish(Name, range);
    }

    private static void FollowPage(WalkContext ctx, VirtualAddress va, bool write)
    {
        var arch = ctx.Arch;
        var p = ctx.Pointer("pgd_offset", arch.PgdOffset(ctx.Cpu, ctx.Mm, va));
        for (var level = Level.Pgd; !ctx.Stopped; level++)
        {
            var entry = ctx.Load(p, DerefName[level]);
            if (ctx.Stopped)
                return;
            if (level == Level.Pte)
            {
                if (!arch.Present(entry) || (write && !arch.Write(entry)))
                    NoPage(ctx, va, 4, entry, write ? "!pte_present or !pte_write" : "!pte_present");
                else
                    ctx.Found("follow_page_pte", va, arch.Pfn(entry), 1);
                return;
            }
            if (arch.None(entry))
            {
                NoPage(ctx, va, (int)level, entry, NoneName[level]);
                return;
            }
            // A THP leaf is followed by follow_trans_huge_pmd (can_follow_write_pmd: pmd_write); a hugetlb leaf by
            // follow_hugetlb_page, which reads it through huge_ptep_get and tests huge_pte_write.
            if (level is Level.Pud or Level.Pmd && (arch.Leaf(entry) || arch.Huge(entry)))
            {
                var view = arch.HasLeafHelpers(level) ? entry : arch.HugePteGet(entry);
                if (!arch.Present(view) || (write && !arch.Write(view)))
                    NoPage(ctx, va, (int)level, entry, arch.HasLeafHelpers(level) ? LeafUnusableName[level] : "huge_pte_none or !huge_pte_write(huge_ptep_get)");
                else
                    ctx.Found(FollowHugeName[level], va, ctx.PfnWithin(arch.Pfn(entry), level, va), 1);
                return;
            }
            if (arch.Bad(entry))
            {
                NoPage(ctx, va, (int)level, entry, BadName[level]);
                return;
            }
            var parent = p;
            p = ctx.Pointer(ChildOffsetName[level], arch.Offset(ctx.Cpu, parent, va));
        }
    }

    private static void NoPage(WalkContext ctx, VirtualAddress va, int depth, Entry entry, string why)
    {
        ctx.Decide("no_page_table", Decision.Hole, entry, note: why);
        ctx.Hole(va, va + ctx.PageSize, depth);
    }
}
