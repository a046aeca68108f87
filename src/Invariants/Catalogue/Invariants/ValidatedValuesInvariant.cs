using FsCheck;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary>"It is not use after free, it is using data that has not been validated": while another CPU unmaps the
/// range, every table gup_fast reads is the top table or one that a value it read itself, and tested, points to. gup_fast
/// passes the values it read down to the next level (d3f7b1bb2040 made the lockless offsets take them) so that no helper
/// reads an entry again after the test; an offset from the real pointer (<c>pmd_offset(pudp, addr)</c>) reads
/// <c>*pudp</c> a second time, and what it finds there (a cleared pud, another table) was never tested.</summary>
public sealed class ValidatedValuesInvariant : RaceInvariant
{
    public override string Id => "validated-values";

    public override string Statement => "While another CPU unmaps the range, every table gup_fast reads is one a value it read and tested points to.";

    public override Expectation Expect(Model model, string? walker) => Expectation.Holds;

    protected override bool NeedsTrace => true;

    protected override Gen<RaceWriter> Writers(Model model) => RaceCaseGenerators.Munmap(model);

    protected override Outcome Judge(RaceCase c, AddressSpace mm, WalkResult walk, RaceWatch watch)
    {
        var arch = mm.Arch;
        var validated = new HashSet<ulong> { mm.Pgd };
        foreach (var s in walk.Trace.Steps)
        {
            if (!s.IsLoad || s.Cpu != 0 || s.Into is Target.StackCopySlot or Target.StackPadding or Target.StackRedZone or Target.DeadStack)
                continue;
            var table = s.Into switch
            {
                Target.TableSlot slot => slot.Table.Address,
                Target.FreedTableSlot freed => freed.Table.Address,
                _ => (ulong?)null,
            };
            if (table is not { } read || !validated.Contains(read))
                return Outcome.Violated($"{s.Function} read {s.Pointer!.Value.Address:x16}: {s.Into} ({s.Helper}, step {s.Number}), which no value it tested points to", walk);
            if (s.IsOwnRead && s.Value is { } value && arch.Present(value) && !arch.Leaf(value))
                validated.Add(arch.TableAddress(value));
        }
        return Outcome.Ok(walk);
    }
}
