using System.Globalization;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;

namespace PgtableInvariants.KernelOracle.Mirroring;

/// <summary>The requests that rebuild an address space in the server: a new mm of the model's depth, every table at
/// its place in the server's window with every slot that differs from the table's fill, <c>mm-&gt;pgd</c>, and the
/// <c>struct page</c>s of every mapping (a huge leaf as compound pages of its order).</summary>
public static class AddressSpaceMirror
{
    public static List<string> Requests(AddressSpace mm, int levels)
    {
        var arch = mm.Arch;
        var window = TableWindow.Of(arch);
        var requests = new List<string> { $"mm {levels:x}" };
        foreach (var table in mm.Memory.Tables)
        {
            var fill = arch.EmptyEntry(table.Level).Raw;
            requests.Add($"table {Hex(window.ToOracle(table.Address))} {Hex(table.Bytes)} {Hex(fill)}");
            for (var i = 0; i < table.Entries; i++)
            {
                var raw = table.Peek(i);
                if (raw != fill)
                    requests.Add($"store {Hex(window.ToOracle(table.At(i).Address))} {Hex(window.EntryToOracle(new Entry(table.Level, raw)))}");
            }
        }
        requests.Add($"pgd {Hex(window.ToOracle(mm.Pgd))}");
        var folios = Folios(mm);
        foreach (var m in mm.Mappings.Where(m => !folios.Contains(m)))
            requests.Add(PageRequest(m.Pfn, m.Size.Frames, 0));
        foreach (var f in folios)
            requests.Add(PageRequest(f.Pfn, f.Size.Frames, Order(f.Size)));
        return requests;
    }

    /// <summary>The <c>struct page</c>s of <paramref name="frames"/> frames from <paramref name="pfn"/>, compound pages of
    /// <paramref name="order"/> (0: each a page of its own).</summary>
    public static string PageRequest(Pfn pfn, ulong frames, int order) => $"page {Hex(pfn.Value)} {Hex(frames)} {Hex((ulong)order)}";

    /// <summary>The huge mappings whose frames form one compound page (folio) each: largest first, leaving out one
    /// that shares a frame with a folio already taken, since a frame belongs to one folio. Every other mapped frame
    /// is a page of its own (two mappings may share frames: generated frames fold high addresses together).</summary>
    public static IReadOnlyList<Mapping> Folios(AddressSpace mm)
    {
        var folios = new List<Mapping>();
        foreach (var m in mm.Mappings.Where(m => m.Size.IsHuge).OrderByDescending(m => m.Size.Bytes).ThenBy(m => m.Va.Value))
            if (folios.All(f => m.Pfn.Value + m.Size.Frames <= f.Pfn.Value || f.Pfn.Value + f.Size.Frames <= m.Pfn.Value))
                folios.Add(m);
        return folios;
    }

    /// <summary>The head page of <paramref name="pfn"/>: its folio's first frame, or itself.</summary>
    public static Pfn HeadOf(IReadOnlyList<Mapping> folios, Pfn pfn) =>
        folios.FirstOrDefault(f => pfn.Value - f.Pfn.Value < f.Size.Frames)?.Pfn ?? pfn;

    /// <summary>The compound order of a leaf of <paramref name="size"/>: 0 for a 4 KiB page.</summary>
    public static int Order(PageSize size) => System.Numerics.BitOperations.Log2(size.Frames);

    private static string Hex(ulong value) => value.ToString("x", CultureInfo.InvariantCulture);
}
