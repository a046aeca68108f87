using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Memory;

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
        OtherCpuStep.StoreHalf half => [(half.Pointer.Address, (ulong)half.Pointer.EntrySize)],
        OtherCpuStep.FreeTable free => [(free.Table.Address, free.Table.Bytes)],
        OtherCpuStep.CheckReferences check => [(check.GiveUp.Pointer.Address, (ulong)check.GiveUp.Pointer.EntrySize)],
        _ => Array.Empty<(ulong, ulong)>(),
    })];

    /// <summary>The folios whose references it counts: first frame and number of frames.</summary>
    private readonly (ulong First, ulong Frames)[] counted = [.. Steps.OfType<OtherCpuStep.CheckReferences>()
        .SelectMany(c => c.Folios.Select(m => (m.Pfn.Value, m.Size.Frames)))];

    /// <summary>True when it counts the references of a folio among <paramref name="pages"/> pages from
    /// <paramref name="pfn"/>.</summary>
    public bool Counts(Pfn pfn, ulong pages)
    {
        foreach (var (first, frames) in counted)
            if (first < pfn.Value + pages && pfn.Value < first + frames)
                return true;
        return false;
    }

    /// <summary>True when it stores to <paramref name="field"/> of the mm.</summary>
    public bool Changes(MmField field) => Steps.Any(s => s is OtherCpuStep.StoreMm store && store.Field == field);

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
