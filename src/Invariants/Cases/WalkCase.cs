using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Invariants.Cases;

/// <summary>One input of a walker property: a model, the mappings of a fresh address space, the range walked,
/// the stack layout, and whether the access is a write.</summary>
/// <remarks>Generators and the shrinker only produce valid cases: mappings aligned, within <c>TASK_SIZE</c>, and
/// not overlapping, so <see cref="Build"/> does not fail.</remarks>
public sealed record WalkCase(Model Model, IReadOnlyList<PlannedMapping> Mappings, WalkRange Range, StackLayout Layout, bool Write)
{
    /// <summary>The address space the case describes.</summary>
    public AddressSpace Build()
    {
        var mm = Model.NewAddressSpace();
        foreach (var m in Mappings)
            mm.Map(m.Va, m.Pfn, m.Size, m.Flags);
        return mm;
    }

    /// <summary>Walk options of this case, with tracing as asked.</summary>
    public WalkOptions Options(bool trace) => new(Layout, Write, trace);

    /// <summary>The stack layout's name as the command line spells it.</summary>
    public string LayoutName => Layout switch
    {
        StackLayout.CallerCopy => "caller-copy",
        StackLayout.RedZone => "redzone",
        _ => "zero",
    };

    public override string ToString() =>
        $"{Model} range {Range} stack {LayoutName} {(Write ? "write" : "read")}"
        + string.Concat(Mappings.Select(m => $"\n  {m}"));
}
