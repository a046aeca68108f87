using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Properties.Mutants;

namespace PgtableInvariants.Properties.Walkers;

/// <summary>A real architecture, and another CPU that stores one entry while the walker is between two of its reads:
/// right after the walker's next <c>pXd_present</c> or <c>pXd_access_permitted</c> of the level of the slot (the last
/// test <c>walk_pud_range</c> makes before the descent; the test gup_fast makes before it takes the page), as an
/// unmap, a remap or a THP collapse on another CPU would.</summary>
internal sealed class OtherCpuStore(IArchitecture inner) : MutantArchitecture(inner)
{
    private MachineMemory? memory;
    private EntryPointer slot;
    private Entry stored;

    /// <summary>Makes the other CPU store <paramref name="value"/> at <paramref name="at"/> once, at the walker's next test
    /// of an entry of its level.</summary>
    public void Arm(MachineMemory target, EntryPointer at, Entry value) => (memory, slot, stored) = (target, at, value);

    public override bool Present(Entry entry) => StoreAfter(entry, Inner.Present(entry));

    public override bool AccessPermitted(Entry entry, bool write) => StoreAfter(entry, Inner.AccessPermitted(entry, write));

    private bool StoreAfter(Entry tested, bool answer)
    {
        if (memory is not null && tested.Level == slot.Level)
        {
            new Cpu(memory).Store(slot, stored);
            memory = null;
        }
        return answer;
    }
}
