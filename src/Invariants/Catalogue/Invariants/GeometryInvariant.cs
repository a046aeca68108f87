using System.Numerics;
using FsCheck;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;
using PgtableInvariants.Invariants.Running;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>The levels fit together as pgtable.h's <c>#error</c> checks demand: a level the mm folds has
/// <c>PTRS_PER</c> 1 and its parent's shift, a real level's table exactly covers one parent entry, the top reaches
/// the mm's limit, and indices stay within their tables.</summary>
public sealed class GeometryInvariant : Invariant<AddressCase>
{
    public override string Id => "geometry";

    public override string Statement => "SIZE = 1 << SHIFT and MASK = ~(SIZE - 1); sizes and PTRS_PER agree level to level; indices stay in range.";

    public override Expectation Expect(Model model, string? walker) =>
        KnownDepartures.FoldsDynamically(model) ? Expectation.Falsified(KnownDepartures.StaticGeometry)
        : KnownDepartures.RuntimeFoldKeepsOwnShift(model) ? Expectation.Falsified(KnownDepartures.P4dShiftInSv39)
        : Expectation.Holds;

    public override Arbitrary<AddressCase> Arbitrary(Model model, string? walker, RunConfig config) => ModelCaseGenerators.Addresses(model);

    /// <summary>With a kernel tree, the tree's own compiled SHIFT, PTRS_PER and <c>pXd_index</c> for the mm, on the
    /// model's fold kinds: the model claims the configuration, the tree's constants must fit it.</summary>
    public override bool ChecksKernelConstants => true;

    public override Outcome Evaluate(AddressCase c, string? walker, RunConfig config, bool trace)
    {
        var mm = c.Model.NewAddressSpace();
        var arch = c.Model.Arch;
        IReadOnlyList<LevelGeometry> levels = arch.Geometry.Levels;
        Func<Level, ulong?> index = l => (ulong)arch.Index(l, c.Addr);
        if (config.Kernel is { } kernel)
        {
            var tree = kernel.Geometry(c.Model, mm, c.Addr);
            (levels, index) = (tree.Levels, l => tree.Indices[(int)l]);
        }
        var reach = arch is Arch.AddressSpaces.IDynamicFolding ? mm.AsceLimit : arch.TaskSizeMax;
        var top = levels[(int)Level.Pgd];
        return Outcome.FirstOf(levels.Select(l =>
                l.Size != 1UL << l.Shift || l.Mask != ~(l.Size - 1) ? $"{l.Level.Name()}: SIZE or MASK does not follow SHIFT {l.Shift}"
                : index(l.Level) is { } i && i >= (ulong)l.PtrsPer ? $"{l.Level.Name()}_index({c.Addr}) = {i} >= PTRS_PER {l.PtrsPer}"
                : null)
            .Concat(levels.Where(l => l.Level != Level.Pte).Select(parent => Agrees(mm, levels, parent, levels[(int)parent.Level.Child()])))
            .Append(top.Shift + BitOperations.Log2((uint)top.PtrsPer) < 64 && (1UL << (top.Shift + BitOperations.Log2((uint)top.PtrsPer))) < reach
                ? $"pgd reaches 2^{top.Shift + BitOperations.Log2((uint)top.PtrsPer)}, below the mm's limit 0x{reach:x}" : null));
    }

    private static string? Agrees(Arch.AddressSpaces.AddressSpace mm, IReadOnlyList<LevelGeometry> levels, LevelGeometry parent, LevelGeometry child)
    {
        var name = child.Level.Name();
        if (child.Fold == FoldKind.RuntimeInParentPage)
            return InParentPage(mm, TableHolding(levels, parent), child);
        if (mm.Arch.MmFolded(mm, child.Level) && child.Fold == FoldKind.Runtime)
            return child.Shift != parent.Shift
                ? $"mm_{name}_folded, yet {name.ToUpperInvariant()}_SHIFT is {child.Shift}, not its parent's {parent.Shift}"
                : null;
        if (mm.Arch.MmFolded(mm, child.Level))
            return child.Shift != parent.Shift || child.PtrsPer != 1
                ? $"mm_{name}_folded, yet PTRS_PER_{name.ToUpperInvariant()} is {child.PtrsPer} and {name.ToUpperInvariant()}_SHIFT {child.Shift} (parent's {parent.Shift})"
                : null;
        if (child.IsFolded)
            return null;
        var covered = child.Shift + BitOperations.Log2((uint)child.PtrsPer);
        return covered != parent.Shift ? $"a {name} table covers 2^{covered} bytes, a {parent.Level.Name()} entry 2^{parent.Shift}" : null;
    }

    /// <summary>The nearest level at or above <paramref name="level"/> that has tables: a statically folded parent is its
    /// own parent's table, viewed through a cast.</summary>
    private static LevelGeometry TableHolding(IReadOnlyList<LevelGeometry> levels, LevelGeometry level) =>
        level.Fold == FoldKind.Static ? TableHolding(levels, levels[(int)level.Level.Parent()]) : level;

    /// <summary>A level folded into its parent's page (arm64 <c>p4d_to_folded_pud</c>): every user address has parent index
    /// 0, and the parent's page holds the level's table, which reaches the whole user space.</summary>
    private static string? InParentPage(Arch.AddressSpaces.AddressSpace mm, LevelGeometry parent, LevelGeometry child)
    {
        var name = child.Level.Name();
        var user = mm.Arch.TaskSizeMax;
        var covered = child.Shift + BitOperations.Log2((uint)child.PtrsPer);
        return parent.Shift < 64 && user > 1UL << parent.Shift ? $"{name} folded into the {parent.Level.Name()} page, yet user addresses reach past {parent.Level.Name()} entry 0 (0x{user:x} > 2^{parent.Shift})"
            : mm.Arch.TableEntries(parent.Level) < child.PtrsPer ? $"{name} folded into the {parent.Level.Name()} page, yet that table has {mm.Arch.TableEntries(parent.Level)} entries, PTRS_PER_{name.ToUpperInvariant()} {child.PtrsPer}"
            : covered < 64 && user > 1UL << covered ? $"{name} folded into the {parent.Level.Name()} page covers 2^{covered} bytes, below the user limit 0x{user:x}"
            : null;
    }
}
