using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Properties.Mutants;

namespace PgtableInvariants.Properties.Walkers;

/// <summary>A real architecture, and another CPU that stores one entry while the walker is between two of its checks:
/// right after the walker's first <c>pXd_present</c> of the level of <see cref="Slot"/> (the last test
/// <c>walk_pud_range</c> makes before the descent), as an unmap or a THP collapse under a walk without the lock would.</summary>
internal sealed class OtherCpuStore(IArchitecture inner) : MutantArchitecture(inner)
{
    private MachineMemory? memory;

    /// <summary>The entry the other CPU changes.</summary>
    public EntryPointer Slot { get; private set; }

    private Entry stored;

    /// <summary>Makes the other CPU store <paramref name="value"/> at <paramref name="slot"/> once, at the next
    /// <c>pXd_present</c> of its level.</summary>
    public void Arm(MachineMemory target, EntryPointer slot, Entry value) => (memory, Slot, stored) = (target, slot, value);

    public override bool Present(Entry entry)
    {
        var answer = Inner.Present(entry);
        if (memory is not null && entry.Level == Slot.Level)
        {
            new Cpu(memory).Store(Slot, stored);
            memory = null;
        }
        return answer;
    }
}
