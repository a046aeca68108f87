using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Walkers;

/// <summary>A page-table walker: it runs over one address space and range and returns a result and a trace.
/// It never throws for what it finds in memory: faults and runaway loops are results.</summary>
public interface IWalker
{
    /// <summary>Stable identifier: <c>pagewalk</c>, <c>gup-fast/v5.8</c>, …</summary>
    string Name { get; }

    WalkResult Walk(AddressSpace mm, WalkRange range, WalkOptions options);
}
