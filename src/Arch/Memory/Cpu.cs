using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;

namespace PgtableInvariants.Arch.Memory;

/// <summary>One CPU's view of <see cref="MachineMemory"/>: it counts loads, keeps the first fault and, when asked,
/// records every access in order (for traces and for the lockless-reads invariant).</summary>
public sealed class Cpu : IMemory
{
    private readonly List<MemoryAccess>? log;
    private FaultKind lastFault;

    /// <summary>A view of <paramref name="memory"/>; <paramref name="record"/> keeps every access.</summary>
    public Cpu(MachineMemory memory, bool record = false)
    {
        Memory = memory;
        log = record ? [] : null;
    }

    /// <summary>The memory behind this view.</summary>
    public MachineMemory Memory { get; }

    /// <summary>The other CPUs, whose scheduled steps run before each of this CPU's loads; none by default.</summary>
    public IOtherCpus? Others { get; init; }

    /// <summary>Interrupts are off here (<c>local_irq_save</c>, as gup_fast walks): an IPI another CPU sends waits until
    /// they are on again, and no RCU grace period ends meanwhile.</summary>
    public bool InterruptsDisabled { get; set; }

    /// <summary>Number of loads so far.</summary>
    public long Loads { get; private set; }

    /// <inheritdoc/>
    public MemoryFault? Fault { get; private set; }

    /// <summary>Every access in program order, when recording; empty otherwise.</summary>
    public IReadOnlyList<MemoryAccess> Accesses => (IReadOnlyList<MemoryAccess>?)log ?? [];

    /// <summary>The accesses recorded so far, to read in place (valid until the next access or <see cref="ForgetAccesses"/>).</summary>
    public ReadOnlySpan<MemoryAccess> RecordedAccesses => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(log);

    /// <summary>A fresh view again: no fault, no loads, nothing recorded (a walker that translates page by page reuses
    /// one view instead of making one per page).</summary>
    public void Reset()
    {
        Fault = null;
        Loads = 0;
        log?.Clear();
    }

    /// <summary>Forgets the accesses recorded so far (a consumer that has turned them into trace steps calls it, so the
    /// log stays short).</summary>
    public void ForgetAccesses() => log?.Clear();

    /// <inheritdoc/>
    public Entry Load(EntryPointer p)
    {
        var value = LoadUnrecorded(p);
        log?.Add(new MemoryAccess(false, p, Memory.Describe(p.Address), value, lastFault));
        return value;
    }

    /// <summary>A load that is counted and may fault like any other but is left out of the access log, for a caller
    /// that records it itself (a walker's own <c>READ_ONCE</c>, traced as its own step).</summary>
    public Entry LoadUnrecorded(EntryPointer p)
    {
        Others?.BeforeLoad(this, p);
        Loads++;
        var raw = Memory.Read(p.Address, p.EntrySize, out var fault);
        lastFault = fault;
        if (fault != FaultKind.None)
            Fault ??= new MemoryFault(fault, p.Address, Memory.Describe(p.Address));
        return new Entry(p.Level, raw);
    }

    /// <summary>One 32-bit half of the 64-bit entry at <paramref name="p"/> (<c>ptep-&gt;pte_low</c>,
    /// <c>ptep-&gt;pte_high</c> on x86 PAE), a load of its own that another CPU may come before; left out of the access
    /// log, as the walker traces each half itself.</summary>
    public uint LoadHalf(EntryPointer p, bool high)
    {
        Others?.BeforeLoad(this, p);
        Loads++;
        var raw = (uint)Memory.Read(p.Address + (high ? 4UL : 0), 4, out var fault);
        lastFault = fault;
        if (fault != FaultKind.None)
            Fault ??= new MemoryFault(fault, p.Address, Memory.Describe(p.Address));
        return raw;
    }

    /// <inheritdoc/>
    /// <remarks>Not counted in <see cref="Loads"/>, which counts the loads of entries.</remarks>
    public ulong LoadMm(AddressSpaces.AddressSpace mm, MmField field)
    {
        Others?.BeforeMmLoad(this, field);
        return field == MmField.Pgd ? mm.Pgd : mm.AsceLimit;
    }

    /// <summary><c>try_grab_folio</c>: a reference on each of <paramref name="pages"/> pages from <paramref name="pfn"/>,
    /// after whatever the other CPUs make first.</summary>
    public void Grab(Pfn pfn, ulong pages = 1)
    {
        Others?.BeforeGrab(this, pfn, pages);
        Memory.References.Get(pfn, pages);
    }

    /// <summary><c>rcu_read_lock()</c>: no access, but a place another CPU may come before (see
    /// <see cref="IOtherCpus.AtRcuReadLock"/>). With interrupts off the walker is in a read-side critical section already.</summary>
    public void RcuReadLock() => Others?.AtRcuReadLock(this);

    /// <inheritdoc/>
    public void Store(EntryPointer p, Entry value)
    {
        var fault = Memory.Write(p.Address, p.EntrySize, value.Raw);
        if (fault != FaultKind.None)
            Fault ??= new MemoryFault(fault, p.Address, Memory.Describe(p.Address));
        log?.Add(new MemoryAccess(true, p, Memory.Describe(p.Address), value, fault));
    }
}
