namespace PgtableInvariants.Arch.Models;

/// <summary>The kernel eras from <see cref="From"/> up to, not including, <see cref="Until"/> (null: every later
/// era), in the order of <see cref="KernelEra.All"/>: the eras whose helpers a model has.</summary>
/// <remarks>RFC v2 sits between v5.8 and v5.9 in that order (it was posted against 5.9-rc, whose helpers are 5.8's),
/// so a range from v5.8 holds it.</remarks>
public readonly record struct EraRange(KernelEra From, KernelEra? Until)
{
    /// <summary>The range of <paramref name="era"/> among <paramref name="changes"/>, the eras in which something
    /// changes (oldest first): from the newest change at or before it to the next change.</summary>
    public static EraRange Among(IReadOnlyList<KernelEra> changes, KernelEra era)
    {
        var from = era.NewestOf(changes);
        Guard.Argument(from is not null, nameof(era), $"{era} is older than the first change {changes[0]}");
        return new EraRange(from!, changes.Where(e => e.Order > from!.Order).MinBy(e => e.Order));
    }

    public bool Contains(KernelEra era) => era.Order >= From.Order && (Until is null || era.Order < Until.Order);

    /// <summary>Every era of <see cref="KernelEra.All"/> in the range, oldest first.</summary>
    public IEnumerable<KernelEra> Eras => KernelEra.All.Where(Contains);

    /// <summary><c>[v5.8, v6.1)</c>, or <c>[v6.12, …)</c> for a range open to later eras.</summary>
    public override string ToString() => $"[{From}, {Until?.Name ?? "…"})";
}
