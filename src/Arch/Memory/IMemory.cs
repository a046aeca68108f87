using PgtableInvariants.Arch.Entries;

namespace PgtableInvariants.Arch.Memory;

/// <summary>The one interface every load and store of a page-table entry goes through.</summary>
/// <remarks>A load never throws: a faulting load returns 0 and the first fault is kept in <see cref="Fault"/>, as a
/// KASAN report or an oops would stop the walk. Each load is one call, in program order, so a later step can put
/// another CPU's stores between two loads.</remarks>
public interface IMemory
{
    /// <summary><c>READ_ONCE(*p)</c>.</summary>
    Entry Load(EntryPointer p);

    /// <summary>A load of a field of the mm (<c>mm-&gt;pgd</c>, s390's <c>mm-&gt;context.asce_limit</c>).</summary>
    ulong LoadMm(AddressSpaces.AddressSpace mm, MmField field);

    /// <summary><c>WRITE_ONCE(*p, value)</c>.</summary>
    void Store(EntryPointer p, Entry value);

    /// <summary>The first fault since this view was made, if any.</summary>
    MemoryFault? Fault { get; }
}
