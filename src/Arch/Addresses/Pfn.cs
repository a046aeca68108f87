using System.Globalization;

namespace PgtableInvariants.Arch.Addresses;

/// <summary>A page frame number: a physical address shifted right by <c>PAGE_SHIFT</c>.</summary>
public readonly record struct Pfn(ulong Value) : IComparable<Pfn>
{
    /// <summary>The physical address of the frame.</summary>
    public ulong PhysicalAddress => unchecked(Value << Levels.Geometry.PageShift);

    /// <summary>The frame of a physical address.</summary>
    public static Pfn OfPhysical(ulong address) => new(address >> Levels.Geometry.PageShift);

    public static Pfn operator +(Pfn a, ulong frames) => new(unchecked(a.Value + frames));

    public int CompareTo(Pfn other) => Value.CompareTo(other.Value);

    public override string ToString() => "pfn 0x" + Value.ToString("x", CultureInfo.InvariantCulture);
}
