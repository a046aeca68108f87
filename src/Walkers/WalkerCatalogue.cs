using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers.GupFast;
using PgtableInvariants.Walkers.Hardware;
using PgtableInvariants.Walkers.PageWalk;
using PgtableInvariants.Walkers.SlowGup;

namespace PgtableInvariants.Walkers;

/// <summary>Every walker, by its stable name.</summary>
public static class WalkerCatalogue
{
    public const string PageWalk = "pagewalk";
    public const string PageWalkAddrEndFolded = "pagewalk/addr-end-folded";
    public const string GupFastV58 = "gup-fast/v5.8";
    public const string GupFastRfc = "gup-fast/rfc-addr-end-folded";
    public const string GupFastV59 = "gup-fast/v5.9";
    public const string GupSlow = "gup-slow";
    public const string Hardware = "hardware";

    /// <summary>The walker names, in a stable order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [PageWalk, PageWalkAddrEndFolded, GupFastV58, GupFastRfc, GupFastV59, GupSlow, Hardware];

    /// <summary>The three eras of gup_fast.</summary>
    public static IReadOnlyList<string> GupFast { get; } = [GupFastV58, GupFastRfc, GupFastV59];

    /// <summary>What each walker is, in one line.</summary>
    public static string Describe(string name) => name switch
    {
        PageWalk => "walk_page_range (mm/pagewalk.c, 5.8): real pointers, pXd++ with the static pXd_addr_end",
        PageWalkAddrEndFolded => "walk_page_range with RFC v2's entry-aware pXd_addr_end_folded at every level",
        GupFastV58 => "gup_fast 5.2-5.8: values passed down, pXd_offset(&copy) on the stack copies, FOLL_WRITE forced",
        GupFastRfc => "gup_fast with RFC v2's pXd_addr_end_folded (Sep 2020), otherwise as 5.8's value passing",
        GupFastV59 => "gup_fast 5.9+: pointer and value passed down, pXd_offset_lockless (d3f7b1bb2040)",
        GupSlow => "slow gup: follow_page_mask per page under the mmap lock",
        Hardware => "the hardware translation (x86 CR3 walk, s390 DAT, radix walk), page by page",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown walker"),
    };

    /// <summary>The walker called <paramref name="name"/> for <paramref name="model"/> (the hardware walker uses
    /// the model's MMU), or null.</summary>
    public static IWalker? Find(string name, Model model) => name switch
    {
        PageWalk => new PageWalker(AddrEndKind.Static),
        PageWalkAddrEndFolded => new PageWalker(AddrEndKind.Folded),
        GupFastV58 => new GupFastWalker(GupEra.StackCopy),
        GupFastRfc => new GupFastWalker(GupEra.AddrEndFolded),
        GupFastV59 => new GupFastWalker(GupEra.Lockless),
        GupSlow => new SlowGupWalker(),
        Hardware => new HardwareWalker(model.Mmu),
        _ => null,
    };

    /// <summary>Every walker for <paramref name="model"/>.</summary>
    public static IReadOnlyList<IWalker> All(Model model) => Names.Select(n => Find(n, model)!).ToArray();
}
