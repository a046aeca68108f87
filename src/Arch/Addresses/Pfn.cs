using System.Globalization;

namespace PgtableInvariants.Arch.Addresses;

/// <summary>A page frame number: a physical address shifted right by <c>PAGE_SHIFT</c>.</summary>
public readonly record struct Pfn(ulong Value) : IComparable<Pfn>
{
    /// <summary><c>PFN_PHYS(pfn)</c> for pages of <paramref name="pageShift"/>.</summary>
    public ulong PhysicalAddress(int pageShift) => unchecked(Value << pageShift);

    /// <summary><c>PHYS_PFN(address)</c> for pages of <paramref name="pageShift"/>.</summary>
    public static Pfn OfPhysical(ulong address, int pageShift) => new(address >> pageShift);

    public static Pfn operator +(Pfn a, ulong frames) => new(unchecked(a.Value + frames));

    public int CompareTo(Pfn other) => Value.CompareTo(other.Value);

    public override string ToString() => "pfn 0x" + Value.ToString("x", CultureInfo.InvariantCulture);
}
