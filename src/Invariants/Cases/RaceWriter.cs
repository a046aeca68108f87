using System.Globalization;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Arch.OtherCpus;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Cases;

/// <summary>What the other CPU of a <see cref="RaceCase"/> does to the walked range.</summary>
public abstract record RaceWriter
{
    /// <summary>The operation on <paramref name="mm"/>, built as it stands before the walk.</summary>
    public abstract OtherCpuOperation Operation(AddressSpace mm, Model model, WalkRange range);

    /// <summary>Simpler writers of the same kind, simplest first.</summary>
    public abstract IEnumerable<RaceWriter> Shrink(Model model, WalkRange range);

    /// <summary>The operation as a counterexample prints it, for the walked range.</summary>
    public abstract string Describe(Model model, WalkRange range);

    /// <summary><c>munmap</c> of the walked range widened to whole <paramref name="Span"/>s (a page, or a level's size,
    /// which takes the tables below that level with it); each freed table page is then reused by another task, every
    /// word of it <paramref name="ReuseWord"/>.</summary>
    public sealed record Munmap(ulong Span, ulong ReuseWord) : RaceWriter
    {
        public static VirtualAddress Start(WalkRange range, ulong span) => new(range.Start.Value & ~(span - 1));

        public static VirtualAddress End(Model model, WalkRange range, ulong span) =>
            new(Math.Min((range.End.Value - 1) | (span - 1), model.Reach - 1) + 1);

        public override OtherCpuOperation Operation(AddressSpace mm, Model model, WalkRange range) =>
            Arch.OtherCpus.Munmap.Of(mm, Start(range, Span), End(model, range, Span), mm.Arch.TableFreeing, ReuseWord);

        public override IEnumerable<RaceWriter> Shrink(Model model, WalkRange range)
        {
            if (ReuseWord != 0)
                yield return this with { ReuseWord = 0 };
            foreach (var span in Generators.AddressGenerators.BoundarySizes(model).Append(range.PageSize).Where(s => s < Span).Order())
                yield return this with { Span = span };
        }

        public override string Describe(Model model, WalkRange range)
        {
            var (start, end) = (Start(range, Span), End(model, range, Span));
            return $"munmap({start}, 0x{(end.Value - start.Value).ToString("x", CultureInfo.InvariantCulture)}), freed pages reused with 0x{ReuseWord.ToString("x", CultureInfo.InvariantCulture)}";
        }
    }

    /// <summary>The migration of the walked range's first huge pmd mapping (or the one holding its start) to the frames
    /// from <paramref name="NewPfn"/>.</summary>
    public sealed record Migrate(Pfn NewPfn) : RaceWriter
    {
        public override OtherCpuOperation Operation(AddressSpace mm, Model model, WalkRange range) =>
            Arch.OtherCpus.Migrate.Of(mm, FirstHugePmd(mm, model, range), NewPfn);

        public override IEnumerable<RaceWriter> Shrink(Model model, WalkRange range) => [];

        public override string Describe(Model model, WalkRange range) => $"migrate_pages of the first huge pmd in the range to {NewPfn}";
    }

    /// <summary>The split of the walked range's first huge pmd mapping (or the one holding its start) into a pte table.</summary>
    public sealed record Split : RaceWriter
    {
        public override OtherCpuOperation Operation(AddressSpace mm, Model model, WalkRange range) =>
            Arch.OtherCpus.Split.Of(mm, FirstHugePmd(mm, model, range));

        public override IEnumerable<RaceWriter> Shrink(Model model, WalkRange range) => [];

        public override string Describe(Model model, WalkRange range) => "split_huge_pmd of the first huge pmd in the range";
    }

    /// <summary>A copy-on-write break of the walked range's first base page: its pte cleared, flushed, and set to the
    /// copy at <paramref name="NewPfn"/>.</summary>
    public sealed record Remap(Pfn NewPfn) : RaceWriter
    {
        public override OtherCpuOperation Operation(AddressSpace mm, Model model, WalkRange range) =>
            Arch.OtherCpus.Remap.Of(mm, mm.Mappings.FirstOrDefault(m => !m.Size.IsHuge && (range.ToTop || m.Va < range.End) && range.Start < m.End)?.Va ?? range.Start, NewPfn);

        public override IEnumerable<RaceWriter> Shrink(Model model, WalkRange range) => [];

        public override string Describe(Model model, WalkRange range) => $"wp_page_copy of the first base page in the range to {NewPfn}";
    }

    /// <summary>A page faulted in at the walked range's first unmapped page whose pte table stands, with the frame
    /// <paramref name="NewPfn"/>.</summary>
    public sealed record FaultIn(Pfn NewPfn) : RaceWriter
    {
        public override OtherCpuOperation Operation(AddressSpace mm, Model model, WalkRange range)
        {
            var pages = Enumerable.Range(0, (int)Math.Min(range.Pages, 8)).Select(i => range.Start + ((ulong)i << range.PageShift));
            return pages.Select(va => Arch.OtherCpus.FaultIn.Of(mm, va, NewPfn)).FirstOrDefault(op => op.Steps.Count > 0)
                ?? Arch.OtherCpus.FaultIn.Of(mm, range.Start, NewPfn);
        }

        public override IEnumerable<RaceWriter> Shrink(Model model, WalkRange range) => [];

        public override string Describe(Model model, WalkRange range) => $"do_anonymous_page of the first empty pte in the range, {NewPfn}";
    }

    /// <summary>The first huge pmd mapping that overlaps <paramref name="range"/>, else the range's start.</summary>
    private static VirtualAddress FirstHugePmd(AddressSpace mm, Model model, WalkRange range)
    {
        var huge = model.Arch.Geometry.Leaf(Arch.Levels.Level.Pmd);
        return mm.Mappings.FirstOrDefault(m => m.Size == huge && (range.ToTop || m.Va < range.End) && range.Start < m.End)?.Va ?? range.Start;
    }

    /// <summary>khugepaged's collapse of a file's pages under the pmd of the range's first page, which retracts the pte
    /// table; the freed page is then reused by another task, every word of it <paramref name="ReuseWord"/>.</summary>
    public sealed record Retract(ulong ReuseWord) : RaceWriter
    {
        public override OtherCpuOperation Operation(AddressSpace mm, Model model, WalkRange range) => Arch.OtherCpus.Retract.Of(mm, range.Start, ReuseWord);

        public override IEnumerable<RaceWriter> Shrink(Model model, WalkRange range) => ReuseWord == 0 ? [] : [this with { ReuseWord = 0 }];

        public override string Describe(Model model, WalkRange range)
        {
            var size = model.Arch.Geometry.Leaf(Arch.Levels.Level.Pmd).Bytes;
            return $"retract_page_tables({new VirtualAddress(range.Start.Value & ~(size - 1))}), the freed page reused with 0x{ReuseWord.ToString("x", CultureInfo.InvariantCulture)}";
        }
    }

    /// <summary>s390's <c>crst_table_upgrade</c> by one level; <paramref name="LimitFirst"/> stores the new
    /// <c>asce_limit</c> before the new <c>mm-&gt;pgd</c>, which no release does.</summary>
    public sealed record Upgrade(bool LimitFirst = false) : RaceWriter
    {
        public override OtherCpuOperation Operation(AddressSpace mm, Model model, WalkRange range) => Arch.OtherCpus.Upgrade.Of(mm, LimitFirst);

        public override IEnumerable<RaceWriter> Shrink(Model model, WalkRange range) => [];

        public override string Describe(Model model, WalkRange range) =>
            $"crst_table_upgrade to {model.InitialLevels + 1} levels{(LimitFirst ? ", asce_limit stored before mm->pgd" : "")}";
    }

    /// <summary>khugepaged's collapse of the pte table under the pmd of the range's first page into a huge page at
    /// <paramref name="HugePfn"/>.</summary>
    public sealed record Collapse(Pfn HugePfn) : RaceWriter
    {
        public override OtherCpuOperation Operation(AddressSpace mm, Model model, WalkRange range) => Arch.OtherCpus.Collapse.Of(mm, range.Start, HugePfn);

        public override IEnumerable<RaceWriter> Shrink(Model model, WalkRange range) => [];

        public override string Describe(Model model, WalkRange range)
        {
            var size = model.Arch.Geometry.Leaf(Arch.Levels.Level.Pmd).Bytes;
            return $"collapse_huge_page({new VirtualAddress(range.Start.Value & ~(size - 1))}) into {HugePfn}";
        }
    }
}
