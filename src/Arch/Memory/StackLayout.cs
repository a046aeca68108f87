namespace PgtableInvariants.Arch.Memory;

/// <summary>What the compiler placed next to a walker's on-stack copy of an entry.</summary>
/// <remarks>The kernel does not say; the 28 Aug 2020 RFC reports that the slot after the copy "in general" holds the
/// caller's copy of the same entry, "but could also be something different, depending on compiler decisions".</remarks>
public enum StackLayout
{
    /// <summary>Copies are adjacent: the 8 bytes after a copy are the caller's copy, the usual compiler outcome.</summary>
    CallerCopy,

    /// <summary>KASAN: every copy sits between red zones, so reading past it is a stack-out-of-bounds report.</summary>
    RedZone,

    /// <summary>Each copy is followed by 8 zero bytes of padding, then the caller's copy.</summary>
    Zero,
}
