using PgtableInvariants.Arch.Entries;

namespace PgtableInvariants.KernelOracle.Walkers;

/// <summary>A store another CPU makes while the kernel's walker runs: <paramref name="Value"/> into <paramref name="Slot"/>
/// of the model's address space, made when the walker calls <c>rcu_read_lock()</c> for the <paramref name="Call"/>-th time
/// (from 1). Built with preemptible RCU, that call is out of line (<c>__rcu_read_lock</c>, the oracle's glue): the one
/// place inside the fast walk where the kernel's own code can be stopped.</summary>
public readonly record struct ArmedStore(long Call, EntryPointer Slot, Entry Value);
