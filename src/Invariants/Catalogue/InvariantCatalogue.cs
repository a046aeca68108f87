using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Catalogue.Invariants;

namespace PgtableInvariants.Invariants.Catalogue;

/// <summary>Every invariant, in the order of DESIGN §6, and the cells they are checked on.</summary>
public static class InvariantCatalogue
{
    public static IReadOnlyList<IInvariant> All { get; } =
    [
        new GeometryInvariant(),
        new AddrEndInvariant(),
        new FoldedContractInvariant(),
        new IteratorInvariant(),
        new WalkMatchesHardwareInvariant(),
        new GupFastPrefixInvariant(),
        new GupFastCompleteInvariant(),
        new GupFastWriteInvariant(),
        new LocklessReadsInvariant(),
        new EntryHelpersInvariant(),
        new UpgradePreservesInvariant(),
    ];

    public static IInvariant? Find(string id) => All.FirstOrDefault(i => i.Id == id);

    /// <summary>Every (invariant, model, walker) cell: one per walker the invariant names, or one with no walker.</summary>
    public static IEnumerable<(IInvariant Invariant, Model Model, string? Walker)> Cells() =>
        from invariant in All
        from model in ModelCatalogue.All
        from walker in invariant.Walkers.Count == 0 ? [null] : invariant.Walkers.Cast<string?>()
        select (invariant, model, walker);
}
