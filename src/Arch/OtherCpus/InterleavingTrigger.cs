namespace PgtableInvariants.Arch.OtherCpus;

/// <summary>Which of the walker's accesses (its loads, and its grabs of references) an <see cref="Interleaving"/> counts
/// when it places the other CPU's steps.</summary>
public enum InterleavingTrigger
{
    /// <summary>Every access: step <c>i</c> comes before the walker's access number <c>Before[i]</c>, a load or a grab.</summary>
    EveryAccess,

    /// <summary>Only accesses to what the other CPU's operations change (a load of an entry they store to or of a table
    /// page they free, a grab of a folio whose references they count): step <c>i</c> comes before the walker's access
    /// number <c>Before[i]</c> to such a place. A race needs the other CPU between two of those accesses, and a walk makes
    /// a handful of them among dozens of loads.</summary>
    AccessToWhatItChanges,

    /// <summary>Only the walker's <c>rcu_read_lock()</c> calls: step <c>i</c> comes just before the walker's call number
    /// <c>Before[i]</c> returns (in 6.12's gup_fast, <c>pte_offset_map</c>'s, between the pmd read and the pte reads, and
    /// <c>page_ref_add_unless</c>'s, just before each grab of references). The kernel's own code can be stopped there for
    /// the same steps, so the model and the real code run one schedule.</summary>
    RcuReadLock,
}
