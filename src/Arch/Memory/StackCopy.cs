using PgtableInvariants.Arch.Entries;

namespace PgtableInvariants.Arch.Memory;

/// <summary>An entry value that lives in a stack slot because its address was taken (<c>&amp;pgd</c> in
/// <c>gup_p4d_range</c>): the value and the address of the slot.</summary>
public sealed record StackCopy(Entry Value, EntryPointer Address, string Owner)
{
    public override string ToString() => $"{Value} at {Address} in {Owner}";
}
