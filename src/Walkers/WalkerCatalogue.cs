using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers.GupFast;
using PgtableInvariants.Walkers.Hardware;
using PgtableInvariants.Walkers.PageWalk;
using PgtableInvariants.Walkers.SlowGup;

namespace PgtableInvariants.Walkers;

/// <summary>Every walker, by its stable name: each kind of walk in each era in which its code changes.</summary>
/// <remarks>A walker serves the eras in which it is its kind's walker: its own era, and the released eras after it
/// up to the next era of its kind. RFC v2, never released, is served only by the walkers written for it; the other
/// kinds serve it with the 5.8 walker, as the RFC left them as they were.</remarks>
public static class WalkerCatalogue
{
    public const string PageWalkKind = "pagewalk";
    public const string GupFastKind = "gup-fast";
    public const string GupSlowKind = "gup-slow";
    public const string HardwareKind = "hardware";

    public const string PageWalk = "pagewalk";
    public const string PageWalkAddrEndFolded = "pagewalk/addr-end-folded";
    public const string PageWalkV612 = "pagewalk/v6.12";
    public const string GupFastV58 = "gup-fast/v5.8";
    public const string GupFastRfc = "gup-fast/rfc-addr-end-folded";
    public const string GupFastV59 = "gup-fast/v5.9";
    public const string GupFastV61 = "gup-fast/v6.1";
    public const string GupFastV612 = "gup-fast/v6.12";
    public const string GupSlow = "gup-slow";
    public const string Hardware = "hardware";

    /// <summary>Every walker, by kind, each kind oldest first.</summary>
    public static IReadOnlyList<ModelWalker> All { get; } =
    [
        Of(PageWalkShape.V5_8, "walk_page_range_novma (mm/pagewalk.c 5.8, the same walk to 6.11): real pointers, pXd++ with the static pXd_addr_end"),
        Of(PageWalkShape.RfcV2, "walk_page_range_novma with RFC v2's entry-aware pXd_addr_end_folded at every level"),
        Of(PageWalkShape.V6_12, "walk_page_range_debug (6.12): walk_pmd_range checks pudp_get, pte_offset_map may fail (ACTION_AGAIN)"),
        Of(GupFastShape.V5_8, "gup_fast 5.2-5.8: values passed down, pXd_offset(&copy) on the stack copies, FOLL_WRITE forced for get_user_pages_fast"),
        Of(GupFastShape.RfcV2, "gup_fast with RFC v2's pXd_addr_end_folded (Sep 2020), otherwise as 5.8's value passing"),
        Of(GupFastShape.V5_9, "gup_fast 5.9+: pointer and value passed down, pXd_offset_lockless (d3f7b1bb2040)"),
        Of(GupFastShape.V6_1, "gup_fast 6.1: lockless_pages_from_mm, pud_huge || pud_devmap, the pte loop re-checks the pmd (70cbc3cc78a9)"),
        Of(GupFastShape.V6_12, "gup_fast 6.12: gup_fast_* functions, pXd_leaf tests, pXd_special leaves refused, pte_offset_map may fail"),
        new(GupSlow, GupSlowKind, KernelEra.V5_8, "slow gup: follow_page_mask per page under the mmap lock (5.8's, in every era)", _ => new SlowGupWalker()),
        new(Hardware, HardwareKind, KernelEra.V5_8, "the hardware translation (x86 CR3 walk, s390 DAT, radix walk), page by page, in every era", m => new HardwareWalker(m.Mmu)),
    ];

    /// <summary>The walker names, in a stable order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(w => w.Name)];

    /// <summary>The kinds of walk, in a stable order.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [.. All.Select(w => w.Kind).Distinct()];

    /// <summary>The eras of gup_fast.</summary>
    public static IReadOnlyList<string> GupFast { get; } = OfKind(GupFastKind);

    /// <summary>The eras of pagewalk.</summary>
    public static IReadOnlyList<string> PageWalks { get; } = OfKind(PageWalkKind);

    /// <summary>The walker called <paramref name="name"/>, or null.</summary>
    public static ModelWalker? Spec(string name) => All.FirstOrDefault(w => w.Name == name);

    /// <summary>What each walker is, in one line.</summary>
    public static string Describe(string name) =>
        Spec(name)?.Description ?? throw new ArgumentOutOfRangeException(nameof(name), name, "unknown walker");

    /// <summary>The kernel era whose code a walker models, or null for an unknown name.</summary>
    public static KernelEra? EraOf(string name) => Spec(name)?.Era;

    /// <summary>The kind of walk a walker does, whatever its era: <c>pagewalk</c>, <c>gup-fast</c>, <c>gup-slow</c>,
    /// <c>hardware</c>.</summary>
    public static string KindOf(string name) => Spec(name)?.Kind ?? name.Split('/')[0];

    /// <summary>The walkers of one kind, oldest era first.</summary>
    public static IReadOnlyList<string> OfKind(string kind) => [.. All.Where(w => w.Kind == kind).Select(w => w.Name)];

    /// <summary>The model's walker of <paramref name="kind"/> in <paramref name="era"/>: the one written for that era,
    /// else the one of the newest released era at or before it; null when the kind has none.</summary>
    public static string? InEra(string kind, KernelEra era) => InEraOf.GetOrAdd((kind, era), static key =>
    {
        var ofKind = All.Where(w => w.Kind == key.Kind).ToList();
        return (ofKind.FirstOrDefault(w => w.Era == key.Era)
            ?? ofKind.Where(w => w.Era.IsRelease && w.Era.Order <= key.Era.Order).MaxBy(w => w.Era.Order))?.Name;
    });

    /// <summary><see cref="InEra"/>'s answers, made once: the catalogue asks for every cell of every run.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Kind, KernelEra Era), string?> InEraOf = new();

    /// <summary>True when <paramref name="name"/> is its kind's walker in <paramref name="era"/>.</summary>
    public static bool Serves(string name, KernelEra era) => InEra(KindOf(name), era) == name;

    /// <summary>The eras a walker serves, oldest first.</summary>
    public static IEnumerable<KernelEra> Eras(string name) => KernelEra.All.Where(e => Serves(name, e));

    /// <summary>The eras a walker serves in one phrase: <c>[v5.8, v6.12)</c>, <c>rfc-v2</c>, <c>[v6.12, …)</c>.</summary>
    public static string RangeText(string name)
    {
        var spec = Spec(name) ?? throw new ArgumentOutOfRangeException(nameof(name), name, "unknown walker");
        if (!spec.Era.IsRelease)
            return spec.Era.Name;
        var next = All.Where(w => w.Kind == spec.Kind && w.Era.IsRelease && w.Era.Order > spec.Era.Order).MinBy(w => w.Era.Order);
        return new EraRange(spec.Era, next?.Era).ToString();
    }

    /// <summary>True when <paramref name="name"/> and <paramref name="model"/> meet: the walker serves an era whose
    /// helpers the model has, and a gup_fast walker only a model whose kernel builds gup_fast.</summary>
    public static bool Meets(string name, Model model) => MeetsOf.GetOrAdd((name, model), static key =>
        (KindOf(key.Name) != GupFastKind || key.Model.Arch.HasGupFast) && key.Model.Helpers.Eras.Any(e => Serves(key.Name, e)));

    /// <summary><see cref="Meets"/>'s answers, made once per walker and model.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Name, Model Model), bool> MeetsOf = new();

    /// <summary>The walker called <paramref name="name"/> for <paramref name="model"/>, or null.</summary>
    public static IWalker? Find(string name, Model model) => Spec(name)?.Create(model);

    private static ModelWalker Of(PageWalkShape shape, string description) =>
        new(shape.Name, PageWalkKind, shape.Era, description, _ => new PageWalker(shape));

    private static ModelWalker Of(GupFastShape shape, string description) =>
        new(shape.Name, GupFastKind, shape.Era, description, _ => new GupFastWalker(shape));
}
