using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Walkers.GupFast;

/// <summary>A test gup_fast makes of an entry value it read, with the name the trace gives it per level
/// (<c>p4d_none</c>, <c>!p4d_present</c>, <c>pud_huge || pud_devmap</c>): where the eras differ, they differ in which
/// test they make, so an era lists its tests.</summary>
/// <param name="Names">The test as the kernel writes it, per level.</param>
/// <param name="Holds">The answer for an entry, given whether the walk asks for write access (<c>FOLL_WRITE</c>).</param>
public sealed record EntryTest(HelperNames Names, Func<IArchitecture, Entry, bool, bool> Holds)
{
    public static EntryTest None { get; } = new(HelperNames.Of(n => $"{n}_none"), (arch, e, _) => arch.None(e));

    public static EntryTest NotPresent { get; } = new(HelperNames.Of(n => $"!{n}_present"), (arch, e, _) => !arch.Present(e));

    /// <summary><c>pXd_huge</c> (arch/x86/mm/hugetlbpage.c, s390 hugetlbpage.c), up to 6.11.</summary>
    public static EntryTest Huge { get; } = new(HelperNames.Of(n => $"{n}_huge"), (arch, e, _) => arch.Huge(e));

    /// <summary>6.1 <c>gup_pud_range</c>: <c>pud_huge(pud) || pud_devmap(pud)</c> (mm/gup.c 6.1:2881-2883).</summary>
    public static EntryTest HugeOrDevmap { get; } = new(HelperNames.Of(n => $"{n}_huge || {n}_devmap"), (arch, e, _) => arch.Huge(e) || arch.Devmap(e));

    /// <summary><c>pmd_trans_huge || pmd_huge || pmd_devmap</c> of 5.8 to 6.11; <c>pmd_trans_huge</c> implies
    /// <c>pmd_leaf</c> and adds nothing the other two miss, so the leaf test stands for it.</summary>
    public static EntryTest TransHugeOrHugeOrDevmap { get; } =
        new(HelperNames.Of(n => $"{n}_trans_huge || {n}_huge || {n}_devmap"), (arch, e, _) => arch.Leaf(e) || arch.Huge(e) || arch.Devmap(e));

    /// <summary><c>pXd_leaf</c>, which 6.12's <c>gup_fast_*_range</c> test instead of <c>pXd_huge</c>.</summary>
    public static EntryTest Leaf { get; } = new(HelperNames.Of(n => $"{n}_leaf"), (arch, e, _) => arch.Leaf(e));

    public static EntryTest NotAccessPermitted { get; } =
        new(HelperNames.Of(n => $"!{n}_access_permitted"), (arch, e, write) => !arch.AccessPermitted(e, write));

    /// <summary><c>pXd_special</c>, which 6.12's <c>gup_fast_pmd_leaf</c>/<c>gup_fast_pud_leaf</c> refuse (mm/gup.c 6.12:3145, 3192).</summary>
    public static EntryTest Special { get; } = new(HelperNames.Of(n => $"{n}_special"), (arch, e, _) => arch.Special(e));

    /// <summary><c>pXd_devmap</c> of a leaf: the model has no <c>dev_pagemap</c>, so <c>__gup_device_huge</c> finds none.</summary>
    public static EntryTest Devmap { get; } = new(HelperNames.Of(n => $"{n}_devmap (no dev_pagemap)"), (arch, e, _) => arch.Devmap(e));
}
