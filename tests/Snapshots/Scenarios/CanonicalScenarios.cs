using System.Text;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Snapshots.Scenarios;

/// <summary>The walks whose traces are approved: for each level size of a model (so each real level's boundary, and
/// a folded level's where its size differs from its parent's), a range of four pages across the first boundary,
/// with a huge leaf ending at the boundary, a 4 KiB page after it, and a hole last.</summary>
public static class CanonicalScenarios
{
    /// <summary>One address space of <paramref name="model"/> holding every scenario, and the scenarios' ranges.</summary>
    public static (AddressSpace Mm, IReadOnlyList<(string Name, WalkRange Range)> Scenarios) Build(Model model)
    {
        var mm = model.NewAddressSpace();
        var scenarios = new List<(string, WalkRange)>();
        var page = model.Arch.Geometry.BasePage;
        var huge = model.Arch.HugeSizes.OrderBy(s => s.Bytes).FirstOrDefault(s => s.Level == Level.Pmd);
        foreach (var size in model.Arch.Geometry.Levels.Where(l => l.Level != Level.Pte).Select(l => l.Size).Distinct().Where(s => s < model.Reach))
        {
            var boundary = new VirtualAddress(size);
            if (huge.Bytes != 0 && size >= huge.Bytes)
                mm.Map(boundary - huge.Bytes, PfnPolicy.For(model.Arch, boundary - huge.Bytes), huge);
            else
                foreach (var va in new[] { boundary - 2 * page.Bytes, boundary - page.Bytes })
                    mm.Map(va, PfnPolicy.For(model.Arch, va));
            mm.Map(boundary, PfnPolicy.For(model.Arch, boundary));
            scenarios.Add(($"across the {LevelsOfSize(model, mm, size)} boundary {boundary}", WalkRange.Create(boundary - 2 * page.Bytes, boundary + 2 * page.Bytes, page.PageShift)));
        }
        return (mm, scenarios);
    }

    /// <summary>Every scenario walked by <paramref name="walker"/>: the space, then per scenario its pages, holes,
    /// fault and trace.</summary>
    public static string Render(Model model, string walker)
    {
        var (mm, scenarios) = Build(model);
        var text = new StringBuilder($"{model} / {walker}, stack caller-copy, read\n");
        foreach (var m in mm.Mappings)
            text.Append($"  map {m.Va} {m.Size} {m.Pfn}\n");
        foreach (var (name, range) in scenarios)
        {
            var result = WalkerCatalogue.Find(walker, model)!.Walk(mm, range, WalkOptions.Default);
            text.Append($"\n== {name}: {range}\n")
                .Append($"pages: {(result.Pages.Count == 0 ? "none" : string.Join(", ", result.Pages))}\n")
                .Append($"holes: {(result.Holes.Count == 0 ? "none" : string.Join(", ", result.Holes))}\n")
                .Append($"fault: {result.Fault?.ToString() ?? "none"}\n")
                .Append(result.Trace.Render());
        }
        return text.ToString();
    }

    private static string LevelsOfSize(Model model, AddressSpace mm, ulong size) =>
        string.Join("/", model.Arch.Geometry.Levels.Where(l => l.Level != Level.Pte && l.Size == size)
            .Select(l => l.IsFolded || (l.Level != Level.Pgd && mm.Arch.MmFolded(mm, l.Level)) ? $"{l.Level.Name()} (folded)" : l.Level.Name()));
}
