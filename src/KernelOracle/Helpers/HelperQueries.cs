using System.Globalization;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.KernelOracle.Mirroring;

namespace PgtableInvariants.KernelOracle.Helpers;

/// <summary>The helper questions one address space and a few raw entry values pose, each with the model's answer:
/// every value helper on every entry met on the way to each probed address and on each raw value, and the pointer
/// helpers (<c>pgd_offset</c>, <c>pXd_offset</c>, <c>pXd_offset_lockless</c>) on the live tables, as the server
/// holds them (table addresses in its window).</summary>
public static class HelperQueries
{
    private static readonly (string Name, Func<IArchitecture, Entry, bool> Model)[] Predicates =
    [
        ("none", (a, e) => a.None(e)), ("present", (a, e) => a.Present(e)), ("bad", (a, e) => a.Bad(e)),
        ("leaf", (a, e) => a.Leaf(e)), ("huge", (a, e) => a.Huge(e)),
    ];

    /// <summary>Helpers of a leaf's protection and state, asked only at levels that have leaves: above them the
    /// kernel has none, or a <c>BUG()</c> fallback (<c>pgd_write</c> in include/linux/hugetlb.h, which
    /// <c>pgd_access_permitted</c> calls).</summary>
    private static readonly (string Name, Func<IArchitecture, Entry, bool> Model)[] LeafPredicates =
    [
        ("write", (a, e) => a.Write(e)), ("young", (a, e) => a.Young(e)), ("dirty", (a, e) => a.Dirty(e)),
        ("special", (a, e) => a.Special(e)), ("protnone", (a, e) => a.ProtNone(e)), ("devmap", (a, e) => a.Devmap(e)),
    ];

    /// <summary>Helpers that make an entry. The server has no VMA to pass: where <c>pXd_mkwrite</c> takes one (x86-64
    /// 6.6+) it asks <c>pXd_mkwrite_novma</c> (oracle/helpers.def), so the model's answer is that form's.</summary>
    private static readonly (string Name, Func<IArchitecture, Entry, Entry> Model)[] Makers =
    [
        ("mkyoung", (a, e) => a.MkYoung(e)), ("mkold", (a, e) => a.MkOld(e)), ("mkdirty", (a, e) => a.MkDirty(e)),
        ("mkclean", (a, e) => a.MkClean(e)), ("mkwrite", (a, e) => a.MkWriteNovma(e)), ("wrprotect", (a, e) => a.Wrprotect(e)),
        ("mkhuge", (a, e) => a.MkHuge(e)),
    ];

    /// <summary>Questions on <paramref name="mm"/> (mirrored as it is) at <paramref name="probes"/>, and on the raw
    /// values <paramref name="raws"/> at every level; the questions that change tables are answered on
    /// <paramref name="scratch"/>, an identical address space the model may change.</summary>
    public static List<HelperQuery> For(AddressSpace mm, AddressSpace scratch, IEnumerable<VirtualAddress> probes, IEnumerable<ulong> raws, VirtualAddress end)
    {
        var queries = new List<HelperQuery>();
        var arch = mm.Arch;
        foreach (var level in new[] { Level.P4d, Level.Pud, Level.Pmd })
            queries.Add(new($"helper folded {level.Name()}", Answer(() => Ok(arch.MmFolded(mm, level) ? 1UL : 0UL)), $"mm_{level.Name()}_folded(mm)"));
        var probed = probes.ToList();
        foreach (var start in probed)
            queries.Add(new($"helper gup_fast_permitted pgd {Hex(start.Value)} {Hex(end.Value)}",
                Answer(() => Ok(arch.GupFastPermitted(new Cpu(mm.Memory), mm, start, end) ? 1UL : 0UL)), $"gup_fast_permitted({start}, {end})"));
        foreach (var addr in probed)
            Walk(mm, addr, end, queries);
        foreach (var raw in raws)
            foreach (var level in LevelExtensions.TopDown)
                OnValue(mm.Arch, new Entry(level, raw), raw, queries);
        foreach (var level in new[] { Level.Pte }.Concat(arch.HugeSizes.Select(s => s.Level).Where(arch.HasLeafHelpers)).Distinct())
            foreach (var flags in Enumerable.Range(0, 16))
                queries.Add(new($"helper pfn_entry {level.Name()} {Hex(0x1234)} {flags:x}",
                    Answer(() => Ok(arch.PfnEntry(level, new Pfn(0x1234), (VmFlags)flags).Raw)), $"pfn_{level.Name()}(0x1234, vm_get_page_prot(0x{flags:x}))"));
        if (probed.Count > 0)
            ChangeTables(scratch, probed[0], queries);
        return queries;
    }

    /// <summary><c>pXd_populate</c> of each table entry on the way to <paramref name="addr"/> with the table it already
    /// points to, then <c>pXd_clear</c> of each, from the bottom up: last, as they change the tables, in the model's
    /// memory and the server's alike.</summary>
    private static void ChangeTables(AddressSpace mm, VirtualAddress addr, List<HelperQuery> queries)
    {
        var arch = mm.Arch;
        var window = TableWindow.Of(arch);
        var cpu = new Cpu(mm.Memory);
        var path = new List<EntryPointer>();
        var p = arch.PgdOffset(cpu, mm, addr);
        for (var level = Level.Pgd; level < Level.Pte; level++)
        {
            var value = cpu.Load(p);
            if (cpu.Fault is not null || arch.None(value) || arch.Leaf(value) || !mm.Memory.InTableWindow(arch.TableAddress(value)))
                break;
            var child = arch.Offset(cpu, p, addr);
            if (child.Address == p.Address)
            {
                p = child;
                continue;
            }
            path.Add(p);
            var table = arch.TableAddress(value);
            arch.Populate(cpu, p, table);
            queries.Add(new($"helper populate {level.Name()} {Hex(window.ToOracle(p.Address))} {Hex(window.ToOracle(table))}",
                "ok " + Hex(window.EntryToOracle(cpu.Load(p))), $"{level.Name()}_populate(mm, {Pointer(window, p.Address)[3..]}, table)"));
            p = child;
        }
        foreach (var q in Enumerable.Reverse(path))
        {
            arch.Clear(cpu, q);
            queries.Add(new($"helper clear {q.Level.Name()} {Hex(window.ToOracle(q.Address))}",
                "ok " + Hex(window.EntryToOracle(cpu.Load(q))), $"{q.Level.Name()}_clear({Pointer(window, q.Address)[3..]})"));
        }
    }

    /// <summary>Down the tables to <paramref name="addr"/> as the fault path does, asking at every level.</summary>
    private static void Walk(AddressSpace mm, VirtualAddress addr, VirtualAddress end, List<HelperQuery> queries)
    {
        var arch = mm.Arch;
        var window = TableWindow.Of(arch);
        var cpu = new Cpu(mm.Memory);
        var p = arch.PgdOffset(cpu, mm, addr);
        queries.Add(new($"helper pgd_offset pgd {Hex(addr.Value)}", Pointer(window, p.Address), $"pgd_offset(mm, {addr})"));
        foreach (var level in LevelExtensions.TopDown)
        {
            var name = level.Name();
            queries.Add(new($"helper index {name} {Hex(addr.Value)}", Ok(arch.Index(level, addr)), $"{name}_index({addr})"));
            queries.Add(new($"helper addr_end {name} {Hex(addr.Value)} {Hex(end.Value)}", Ok(arch.AddrEnd(level, addr, end).Value), $"{name}_addr_end({addr}, {end})"));
            var value = cpu.Load(p);
            if (cpu.Fault is not null)
                return;
            OnValue(arch, value, window.EntryToOracle(value), queries);
            if (level == Level.Pte || arch.Leaf(value) || arch.None(value))
                return;
            var child = level.Child();
            var childp = arch.Offset(cpu, p, addr);
            queries.Add(new($"helper offset {child.Name()} {Hex(window.ToOracle(p.Address))} {Hex(addr.Value)}", Pointer(window, childp.Address),
                $"{child.Name()}_offset({Pointer(window, p.Address)[3..]}, {addr})"));
            var copy = mm.Memory.Stack.Push(value, "helper");
            var lockless = arch.OffsetLockless(cpu, p, copy, addr);
            var copyAnswer = mm.Memory.InTableWindow(lockless.Address)
                ? Pointer(window, lockless.Address)
                : $"ok copy+{Hex(unchecked(lockless.Address - copy.Address.Address))}";
            queries.Add(new($"helper offset_lockless {child.Name()} {Hex(window.ToOracle(p.Address))} {Hex(window.EntryToOracle(value))} {Hex(addr.Value)}",
                copyAnswer, $"{child.Name()}_offset_lockless({Pointer(window, p.Address)[3..]}, {value}, {addr})"));
            p = childp;
        }
    }

    /// <summary>The value helpers on one entry; <paramref name="sent"/> is the raw value as the server holds it (a
    /// table entry's origin moved into its window), so <c>pXd_pfn</c> is asked only where nothing was moved.</summary>
    private static void OnValue(IArchitecture arch, Entry e, ulong sent, List<HelperQuery> queries)
    {
        var name = e.Level.Name();
        foreach (var (helper, model) in Predicates)
            queries.Add(new($"helper {helper} {name} {Hex(sent)}", Answer(() => Ok(model(arch, e) ? 1UL : 0UL)), $"{name}_{helper}({e})"));
        if (e.Level != Level.Pte && !arch.HugeSizes.Any(s => s.Level == e.Level))
            return;
        foreach (var (helper, model) in LeafPredicates)
            AskUnlessBug(queries, $"helper {helper} {name} {Hex(sent)}", () => Ok(model(arch, e) ? 1UL : 0UL), $"{name}_{helper}({e})");
        foreach (var write in new[] { 0, 1 })
            AskUnlessBug(queries, $"helper access_permitted {name} {Hex(sent)} {write}", () => Ok(arch.AccessPermitted(e, write == 1) ? 1UL : 0UL), $"{name}_access_permitted({e}, {write})");
        if (sent != e.Raw)
            return;
        queries.Add(new($"helper pfn {name} {Hex(sent)}", Answer(() => Ok(arch.Pfn(e).Value)), $"{name}_pfn({e})"));
        if (e.Level != Level.Pte && !arch.HasLeafHelpers(e.Level))
            return;
        foreach (var (helper, model) in Makers)
            queries.Add(new($"helper {helper} {name} {Hex(sent)}", Answer(() => Ok(model(arch, e).Raw)), $"{name}_{helper}({e})"));
        // Not asked where the model says the answer needs more than the value (arm64 contiguous entries: the
        // kernel reads the frame's struct page, which a raw value's frame does not have).
        if (e.Level != Level.Pte && arch.Leaf(e) && Answer(() => Ok(arch.HugePteGet(e).Raw)) is var got && got != "none")
            queries.Add(new($"helper huge_pte_get {name} {Hex(sent)}", got, $"huge_ptep_get(&{e})"));
    }

    /// <summary>The model's answer, or <c>none</c> where the model says the architecture has no such helper at that
    /// level (<see cref="NotSupportedException"/>, e.g. s390's missing <c>pud_young</c>): the kernel must agree.</summary>
    private static string Answer(Func<string> model)
    {
        try
        {
            return model();
        }
        catch (NotSupportedException e) when (e is not BugFallbackException)
        {
            return "none";
        }
    }

    /// <summary>Adds the question unless the model says the kernel's helper is a <c>BUG()</c> on that value
    /// (<see cref="BugFallbackException"/>): the kernel would oops, which says nothing about the model.</summary>
    private static void AskUnlessBug(List<HelperQuery> queries, string request, Func<string> model, string call)
    {
        try
        {
            queries.Add(new(request, Answer(model), call));
        }
        catch (BugFallbackException)
        {
        }
    }

    private static string Ok(ulong value) => "ok " + Hex(value);

    private static string Ok(int value) => Ok((ulong)value);

    private static string Pointer(TableWindow window, ulong address) => Ok(window.ToOracle(address));

    private static string Hex(ulong value) => value.ToString("x", CultureInfo.InvariantCulture);
}
