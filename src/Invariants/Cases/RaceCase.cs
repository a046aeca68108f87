using System.Globalization;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.OtherCpus;

namespace PgtableInvariants.Invariants.Cases;

/// <summary>One input of a race property: a walk case, and another CPU's <c>munmap</c> of the walked range widened to
/// whole <c>UnmapSpan</c>s, whose steps come in turns between the walker's loads: before load <c>Turns[i].AtLoad</c> it makes
/// <c>Turns[i].Steps</c> more steps. What is left after the last turn it makes after the walk.</summary>
/// <param name="Walk">The address space, the range gup_fast walks, the access.</param>
/// <param name="UnmapSpan">The size (a page, or a level's) to whose multiples CPU 1 widens the walked range to unmap
/// it: a span of a level takes the tables below that level with it.</param>
/// <param name="ReuseWord">Every word of a freed table page once the page allocator has handed it to another task.</param>
/// <param name="Turns">When CPU 1 makes its steps, in order of the walker's loads.</param>
public sealed record RaceCase(WalkCase Walk, ulong UnmapSpan, ulong ReuseWord, IReadOnlyList<RaceTurn> Turns)
{
    /// <summary>The first address CPU 1 unmaps.</summary>
    public VirtualAddress UnmapStart => new(Walk.Range.Start.Value & ~(UnmapSpan - 1));

    /// <summary>The end of what CPU 1 unmaps (it unmaps every mapping wholly inside), short of the model's reach.</summary>
    public VirtualAddress UnmapEnd => new(Math.Min((Walk.Range.End.Value - 1) | (UnmapSpan - 1), Walk.Model.Reach - 1) + 1);

    /// <summary>The address space, and CPU 1's schedule against it (its munmap as the mm's architecture frees tables).</summary>
    public (AddressSpace Mm, Interleaving OtherCpus) Build()
    {
        var mm = Walk.Build();
        var munmap = Munmap.Of(mm, UnmapStart, UnmapEnd, mm.Arch.TableFreeing, ReuseWord);
        var before = new long[munmap.Steps.Count];
        Array.Fill(before, long.MaxValue);
        var made = 0;
        foreach (var turn in Turns)
            for (var i = 0; i < turn.Steps && made < before.Length; i++)
                before[made++] = turn.AtLoad;
        return (mm, new Interleaving([munmap], before));
    }

    public override string ToString() =>
        $"{Walk}\n  cpu 1: munmap({UnmapStart}, 0x{UnmapEnd.Value - UnmapStart.Value:x}), freed pages reused with 0x{ReuseWord.ToString("x", CultureInfo.InvariantCulture)}, "
        + string.Join(", ", Turns.Select(t => $"{t.Steps} steps before load {t.AtLoad}")) + ", the rest after the walk";
}

/// <summary>One turn of the other CPU: <paramref name="Steps"/> steps just before the walker's load number
/// <paramref name="AtLoad"/> (from 0).</summary>
public readonly record struct RaceTurn(int AtLoad, int Steps);
