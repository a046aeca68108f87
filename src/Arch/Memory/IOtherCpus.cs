using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;

namespace PgtableInvariants.Arch.Memory;

/// <summary>The machine's other CPUs as a schedule runs them against one walking CPU: before each of its loads they
/// and each of its grabs of references they may make some of their steps (stores to entries, a TLB flush, freeing a
/// table page, counting a folio's references), so the walker meets any change another CPU could make between two of its
/// accesses.</summary>
public interface IOtherCpus
{
    /// <summary>Runs what is scheduled before <paramref name="walker"/>'s next load, which is about to read
    /// <paramref name="p"/>.</summary>
    void BeforeLoad(Cpu walker, EntryPointer p);

    /// <summary>Runs what is scheduled before <paramref name="walker"/> reads <paramref name="field"/> of the mm.</summary>
    void BeforeMmLoad(Cpu walker, MmField field);

    /// <summary>Runs what is scheduled before <paramref name="walker"/> takes references on <paramref name="pages"/> pages
    /// from <paramref name="pfn"/> (<c>try_grab_folio</c>, an atomic add to the folio's count, which another CPU that
    /// counts the references reads).</summary>
    void BeforeGrab(Cpu walker, Pfn pfn, ulong pages);

    /// <summary>Runs what is scheduled at <paramref name="walker"/>'s <c>rcu_read_lock()</c>, which touches no memory the
    /// other CPUs change: the place where the kernel's own code, built with preemptible RCU, calls out of line
    /// (<c>__rcu_read_lock</c>) and so can be stopped for another CPU's stores.</summary>
    void AtRcuReadLock(Cpu walker);

    /// <summary>The walk is over (its interrupts are on again): the other CPUs make every step they have left.</summary>
    void Complete();
}
