namespace PgtableInvariants.Arch.Entries;

/// <summary>The VMA flags that select a protection through <c>vm_get_page_prot</c>: the index into
/// <c>protection_map[16]</c> (<c>VM_READ</c> 0x1, <c>VM_WRITE</c> 0x2, <c>VM_EXEC</c> 0x4, <c>VM_SHARED</c> 0x8).</summary>
[Flags]
public enum VmFlags
{
    None = 0,
    Read = 0x1,
    Write = 0x2,
    Exec = 0x4,
    Shared = 0x8,
}
