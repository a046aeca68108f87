using FsCheck;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;
using PgtableInvariants.Invariants.Running;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>mm/debug_vm_pgtable.c's helper properties, per model: the basic group for every leaf level that has the
/// helpers, under all 16 protections; the leaf group; clear and populate for every level whose child is real.</summary>
/// <remarks>Skips follow debug_vm_pgtable: pXd_clear/populate is skipped when the level below is folded
/// (<c>mm_pXd_folded</c>), and a level without THP helpers has no basic group. Each skip is named in the expectation.</remarks>
public sealed class EntryHelpersInvariant : Invariant<EntryCase>
{
    public override string Id => "entry-helpers";

    public override string Statement => "debug_vm_pgtable's helper properties hold for every level with leaves or tables, under all 16 protections.";

    public override Expectation Expect(Model model, string? walker)
    {
        var mm = model.NewAddressSpace();
        var skipped = LevelExtensions.TopDown.Where(l => l != Level.Pte && !LeafLevels(model).Contains(l) && !TableLevels(model).Contains(l))
            .Select(l => $"{l.Name()}: no leaf helpers, and {(mm.Arch.MmFolded(mm, l.Child()) ? $"{l.Child().Name()} folded" : "no table group")}");
        var leafOnly = model.Arch.HugeSizes.Where(s => !model.Arch.HasLeafHelpers(s.Level))
            .Select(s => $"{s.Level.Name()} basic group: {model.Arch.Name} {model.Era.Version} has no THP {s.Level.Name()} helpers");
        var notes = string.Join("; ", skipped.Concat(leafOnly));
        return new Expectation(Verdict.Holds, notes.Length == 0 ? null : $"not applicable: {notes}");
    }

    public override Arbitrary<EntryCase> Arbitrary(Model model, string? walker, RunConfig config) =>
        ModelCaseGenerators.Entries(model, [.. LeafLevels(model).Union(TableLevels(model))]);

    /// <summary>Levels with leaves and their helpers (pte always).</summary>
    private static IReadOnlyList<Level> LeafLevels(Model model) =>
        [Level.Pte, .. model.Arch.HugeSizes.Select(s => s.Level).Where(model.Arch.HasLeafHelpers)];

    /// <summary>Levels whose clear/populate debug_vm_pgtable runs: the child is not folded in a new mm.</summary>
    private static IReadOnlyList<Level> TableLevels(Model model)
    {
        var mm = model.NewAddressSpace();
        return [.. LevelExtensions.TopDown.Where(l => l != Level.Pte && !mm.Arch.MmFolded(mm, l.Child()) && !model.Arch.Geometry[l.Child()].IsFolded)];
    }

    public override Outcome Evaluate(EntryCase c, string? walker, RunConfig config, bool trace)
    {
        var arch = c.Model.Arch;
        var violations = new List<string?>();
        if (LeafLevels(c.Model).Contains(c.Level))
            violations.AddRange(Basic(arch, c));
        if (TableLevels(c.Model).Contains(c.Level) || c.Level == Level.Pte)
            violations.Add(ClearAndPopulate(c));
        return Outcome.FirstOf(violations);
    }

    private static IEnumerable<string?> Basic(IArchitecture arch, EntryCase c)
    {
        var name = c.Level.Name();
        var huge = c.Level != Level.Pte;
        var e = arch.PfnEntry(c.Level, c.Pfn, c.Flags);
        if (huge)
            e = arch.MkHuge(e);
        string? Check(bool ok, string what) => ok ? null : $"{what} fails for {e}";
        yield return Check(arch.Dirty(e) || !arch.Dirty(arch.Wrprotect(e)), $"!{name}_dirty({name}_wrprotect({name}))");
        yield return Check(arch.Young(arch.MkYoung(arch.MkOld(e))), $"{name}_young({name}_mkyoung({name}_mkold({name})))");
        yield return Check(arch.Dirty(arch.MkDirty(arch.MkClean(e))), $"{name}_dirty({name}_mkdirty({name}_mkclean({name})))");
        yield return Check(arch.Write(arch.MkWrite(arch.Wrprotect(e))), $"{name}_write({name}_mkwrite({name}_wrprotect({name})))");
        yield return Check(!arch.Young(arch.MkOld(arch.MkYoung(e))), $"!{name}_young({name}_mkold({name}_mkyoung({name})))");
        yield return Check(!arch.Dirty(arch.MkClean(arch.MkDirty(e))), $"!{name}_dirty({name}_mkclean({name}_mkdirty({name})))");
        yield return Check(!arch.Write(arch.Wrprotect(arch.MkWrite(e))), $"!{name}_write({name}_wrprotect({name}_mkwrite({name})))");
        yield return Check(!arch.Dirty(arch.Wrprotect(arch.MkClean(e))), $"!{name}_dirty({name}_wrprotect({name}_mkclean({name})))");
        yield return Check(arch.Dirty(arch.Wrprotect(arch.MkDirty(e))), $"{name}_dirty({name}_wrprotect({name}_mkdirty({name})))");
        yield return Check(arch.Pfn(e) == c.Pfn, $"{name}_pfn(pfn_{name}({c.Pfn}))");
        if (!huge)
            yield break;
        yield return Check(arch.Bad(e), $"{name}_bad({name}_mkhuge({name}))");
        var rwx = arch.MkHuge(arch.PfnEntry(c.Level, c.Pfn, VmFlags.Read | VmFlags.Write | VmFlags.Exec));
        yield return Check(arch.Leaf(rwx), $"{name}_leaf({name}_mkhuge(pfn_{name}(pfn, RWX)))");
    }

    /// <summary>The clear/populate groups on a scratch table: a populated entry is present and not bad, a cleared one
    /// is none (for a pte: a set pte is not none, a cleared one is).</summary>
    private static string? ClearAndPopulate(EntryCase c)
    {
        var mm = c.Model.NewAddressSpace();
        var arch = mm.Arch;
        var cpu = new Cpu(mm.Memory);
        var name = c.Level.Name();
        var table = mm.Memory.AllocateTable(c.Level, arch.TableName(c.Level), arch.Geometry[c.Level].PtrsPer, arch.EmptyEntry(c.Level).Raw);
        var p = table.At(0);
        if (c.Level == Level.Pte)
            cpu.Store(p, arch.PfnEntry(Level.Pte, c.Pfn, c.Flags));
        else
        {
            var child = mm.Memory.AllocateTable(c.Level.Child(), arch.TableName(c.Level.Child()), arch.Geometry[c.Level.Child()].PtrsPer, arch.EmptyEntry(c.Level.Child()).Raw);
            arch.Populate(cpu, p, child.Address);
            var populated = cpu.Load(p);
            if (arch.Bad(populated) || arch.None(populated))
                return $"{name}_populate wrote {populated}, which is {(arch.Bad(populated) ? "bad" : "none")}";
        }
        if (arch.None(cpu.Load(p)))
            return $"{name} set to {cpu.Load(p)} is none";
        arch.Clear(cpu, p);
        var cleared = cpu.Load(p);
        return arch.None(cleared) ? null : $"{name}_clear left {cleared}, which is not none";
    }
}
