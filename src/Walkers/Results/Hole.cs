using PgtableInvariants.Arch.Addresses;

namespace PgtableInvariants.Walkers.Results;

/// <summary><c>pte_hole(start, end, depth)</c>: nothing is mapped in <c>[Start, End)</c>; the depth is where the
/// walk found it (0 pgd … 3 pmd, after <c>real_depth</c>), 4 for a pte that is not present, -1 when unknown.</summary>
public sealed record Hole(VirtualAddress Start, VirtualAddress End, int Depth)
{
    public override string ToString() => $"hole [{Start}, {End}) depth {Depth}";
}
