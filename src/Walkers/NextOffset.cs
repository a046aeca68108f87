using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Walkers;

/// <summary>Which offset helper a loop's <c>p++</c> stands for, and from which parent: what the trace compares the
/// increment with. A value, so a walk with tracing off allocates nothing for it.</summary>
internal readonly record struct NextOffset(NextOffset.Helper Kind, EntryPointer Parentp, StackCopy? Copy)
{
    public enum Helper
    {
        /// <summary><c>pgd_offset(mm, next)</c>.</summary>
        PgdOffset,

        /// <summary><c>pXd_offset(parentp, next)</c> (parentp may be the address of a copy).</summary>
        Offset,

        /// <summary><c>pXd_offset_lockless(parentp, *copy, next)</c>.</summary>
        Lockless,
    }

    public static NextOffset Pgd { get; } = new(Helper.PgdOffset, default, null);

    public static NextOffset From(EntryPointer parentp) => new(Helper.Offset, parentp, null);

    public static NextOffset Lockless(EntryPointer parentp, StackCopy copy) => new(Helper.Lockless, parentp, copy);

    public EntryPointer Apply(IMemory memory, AddressSpace mm, VirtualAddress next) => Kind switch
    {
        Helper.PgdOffset => mm.Arch.PgdOffset(memory, mm, next),
        Helper.Offset => mm.Arch.Offset(memory, Parentp, next),
        _ => mm.Arch.OffsetLockless(memory, Parentp, Copy!, next),
    };
}
