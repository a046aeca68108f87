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
