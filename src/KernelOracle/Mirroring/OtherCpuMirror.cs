using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.OtherCpus;
using PgtableInvariants.KernelOracle.Walkers;

namespace PgtableInvariants.KernelOracle.Mirroring;

/// <summary>What another CPU did during a model walk whose schedule counts the walker's <c>rcu_read_lock()</c> calls
/// (<see cref="InterleavingTrigger.RcuReadLock"/>), as stores the server makes at the same calls of the kernel's code.
/// A wait or a TLB flush stores nothing; a freed table page stays readable, as RCU or the IPI keep it for the walker; a
/// reused one gets its new owner's word in every slot.</summary>
public static class OtherCpuMirror
{
    /// <summary>The stores of <paramref name="made"/> (each step with the call, from 0, it came before), or null when one
    /// of them is not a store the server can make: a half of an entry or a field of the mm.</summary>
    public static IReadOnlyList<ArmedStore>? Stores(IEnumerable<(OtherCpuEvent Made, long Place)> made)
    {
        var stores = new List<ArmedStore>();
        foreach (var (e, place) in made)
        {
            var call = place + 1;
            switch (e.Step)
            {
                case OtherCpuStep.Store store:
                    stores.Add(new ArmedStore(call, store.Pointer, store.Value));
                    break;
                case OtherCpuStep.CheckReferences check when e.GaveUp:
                    stores.Add(new ArmedStore(call, check.GiveUp.Pointer, check.GiveUp.Value));
                    break;
                case OtherCpuStep.ReuseTable reuse:
                    for (var i = 0; i < reuse.Table.Entries; i++)
                        stores.Add(new ArmedStore(call, reuse.Table.At(i), new Entry(reuse.Table.Level, reuse.Word)));
                    break;
                case OtherCpuStep.StoreHalf or OtherCpuStep.StoreMm:
                    return null;
            }
        }
        return stores;
    }

    /// <summary>The mappings <paramref name="operation"/> makes, whose frames the server must know (their
    /// <c>struct page</c>s) before the walker can grab them.</summary>
    public static IReadOnlyList<Mapping> NewMappings(OtherCpuOperation operation) =>
        [.. operation.Steps.SelectMany(s => s switch
        {
            OtherCpuStep.Store { Begins: { } m } => [m],
            OtherCpuStep.StoreHalf { Begins: { } m } => [m],
            OtherCpuStep.CheckReferences { GiveUp.Begins: { } m } => [m],
            _ => Array.Empty<Mapping>(),
        })];
}
