using System.Globalization;

namespace PgtableInvariants.Invariants.Cases;

/// <summary>An input of <c>helpers-match-kernel</c>: an address space and range whose tables are asked at the
/// range's ends and at every mapping, and raw entry values asked at every level.</summary>
public sealed record HelperCase(WalkCase Walk, IReadOnlyList<ulong> Raws)
{
    public override string ToString() =>
        Walk + (Raws.Count == 0 ? "" : "\n  raw entries " + string.Join(" ", Raws.Select(r => "0x" + r.ToString("x", CultureInfo.InvariantCulture))));
}
