namespace PgtableInvariants.Arch.OtherCpus;

/// <summary>Which of the walker's loads an <see cref="Interleaving"/> counts when it places the other CPU's steps.</summary>
public enum InterleavingTrigger
{
    /// <summary>Every load: step <c>i</c> comes before the walker's load number <c>Before[i]</c>.</summary>
    EveryLoad,

    /// <summary>Only loads of what the other CPU's operations change (an entry they store to, a table page they free):
    /// step <c>i</c> comes before the walker's read number <c>Before[i]</c> of such a place. A race needs the other
    /// CPU between two of those reads, and a walk makes a handful of them among dozens of loads.</summary>
    LoadOfWhatItChanges,
}
