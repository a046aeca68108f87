using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers.GupFast;
using PgtableInvariants.Walkers.Hardware;
using PgtableInvariants.Walkers.PageWalk;
using PgtableInvariants.Walkers.SlowGup;

namespace PgtableInvariants.Walkers;

/// <summary>Every walker, by its stable name.</summary>
public static class WalkerCatalogue
{
    /// <summary>The walker names, in a stable order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "pagewalk", "pagewalk/addr-end-folded", "gup-fast/v5.8", "gup-fast/rfc-addr-end-folded", "gup-fast/v5.9", "gup-slow", "hardware",
    ];

    /// <summary>The walker called <paramref name="name"/> for <paramref name="model"/> (the hardware walker uses
    /// the model's MMU), or null.</summary>
    public static IWalker? Find(string name, Model model) => name switch
    {
        "pagewalk" => new PageWalker(AddrEndKind.Static),
        "pagewalk/addr-end-folded" => new PageWalker(AddrEndKind.Folded),
        "gup-fast/v5.8" => new GupFastWalker(GupEra.StackCopy),
        "gup-fast/rfc-addr-end-folded" => new GupFastWalker(GupEra.AddrEndFolded),
        "gup-fast/v5.9" => new GupFastWalker(GupEra.Lockless),
        "gup-slow" => new SlowGupWalker(),
        "hardware" => new HardwareWalker(model.Mmu),
        _ => null,
    };

    /// <summary>Every walker for <paramref name="model"/>.</summary>
    public static IReadOnlyList<IWalker> All(Model model) => Names.Select(n => Find(n, model)!).ToArray();
}
