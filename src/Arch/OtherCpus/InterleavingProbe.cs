using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Arch.OtherCpus;

/// <summary>What an <see cref="Interleaving"/> saw of the walker's accesses, for a walk run without a trace: how many
/// touched something the other CPU changes, and the first load of a freed or reused table page.</summary>
public sealed class InterleavingProbe
{
    /// <summary>Every access of the walker: its loads and its grabs of references.</summary>
    public int Accesses { get; internal set; }

    /// <summary>The walker's loads of an entry the other CPU stores to or of a table page it frees, and its grabs of a
    /// folio whose references the other CPU counts.</summary>
    public int AccessesToWhatItChanges { get; internal set; }

    private readonly List<(OtherCpuEvent, long)> madeDuringWalk = [];

    /// <summary>The steps the other CPU made while the walk ran, in order (a wait the walker held up is not made), each
    /// with the place it came before: the number, from 0, of the walker's access or call the trigger counts.</summary>
    public IReadOnlyList<(OtherCpuEvent Made, long Place)> MadeDuringWalk => madeDuringWalk;

    internal void Made(OtherCpuEvent e, long place) => madeDuringWalk.Add((e, place));

    /// <summary>The walker's <c>rcu_read_lock()</c> calls.</summary>
    public int RcuReadLocks { get; internal set; }

    /// <summary>Called after each step the other CPU makes while the walk runs (not after those it makes once the walk is
    /// over): a property that needs every instant of the walk looks at the address space there.</summary>
    public Action? AfterStepDuringWalk { get; init; }

    /// <summary>The first load of a freed or reused table page, with what it read: null when there was none.</summary>
    public (EntryPointer Pointer, Target Into)? FirstFreedRead { get; internal set; }
}
