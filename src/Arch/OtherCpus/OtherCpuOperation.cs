using PgtableInvariants.Arch.Entries;

namespace PgtableInvariants.Arch.OtherCpus;

/// <summary>One kernel operation another CPU makes (<c>munmap</c> of a range), as the steps it really makes, in order.</summary>
/// <param name="Name">How a trace names it: <c>munmap(0x200000, 0x1000)</c>.</param>
/// <param name="Steps">Its stores, waits and frees, in program order.</param>
public sealed record OtherCpuOperation(string Name, IReadOnlyList<OtherCpuStep> Steps)
{
    /// <summary>The places it stores to or frees: start and length.</summary>
    private readonly (ulong Start, ulong Bytes)[] changed = [.. Steps.SelectMany(s => s switch
    {
        OtherCpuStep.Store store => [(store.Pointer.Address, (ulong)store.Pointer.EntrySize)],
        OtherCpuStep.FreeTable free => [(free.Table.Address, free.Table.Bytes)],
        OtherCpuStep.CheckReferences check => [(check.GiveUp.Pointer.Address, (ulong)check.GiveUp.Pointer.EntrySize)],
        _ => Array.Empty<(ulong, ulong)>(),
    })];

    /// <summary>True when <paramref name="p"/> reads something the operation stores to or frees.</summary>
    public bool Changes(EntryPointer p)
    {
        foreach (var (start, bytes) in changed)
            if (p.Address - start < bytes)
                return true;
        return false;
    }

    public override string ToString() => Name;
}
