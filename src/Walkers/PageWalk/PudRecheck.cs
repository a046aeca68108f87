namespace PgtableInvariants.Walkers.PageWalk;

/// <summary>How mm/pagewalk.c makes sure a pud it is about to descend through still points to a pmd table.</summary>
public enum PudRecheck
{
    /// <summary>5.8 to 6.11 <c>walk_pud_range</c>: <c>if (pud_none(*pud)) goto again;</c> right before
    /// <c>walk_pmd_range</c>, outside the <c>if (walk-&gt;vma)</c>, so also without a VMA (5.8 mm/pagewalk.c:157-158,
    /// 6.1 :199-200).</summary>
    NoneGotoAgain,

    /// <summary>6.12 <c>walk_pmd_range</c>: <c>pudval = pudp_get(pud)</c>, and a pud that is not present or is a leaf
    /// sets <c>ACTION_AGAIN</c> for <c>walk_pud_range</c> to redo it (mm/pagewalk.c 6.12:83-106, 199-200).</summary>
    PudpGetActionAgain,
}
