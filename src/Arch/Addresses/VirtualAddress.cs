using System.Globalization;

namespace PgtableInvariants.Arch.Addresses;

/// <summary>A virtual address: the kernel's <c>unsigned long addr</c>.</summary>
/// <remarks>Arithmetic wraps modulo 2^64, as in C; <c>pXd_addr_end</c> depends on it. Equality and ordering are those
/// of the unsigned value. <c>0</c> as an <em>end</em> means the top of the 64-bit space.</remarks>
public readonly record struct VirtualAddress(ulong Value) : IComparable<VirtualAddress>
{
    /// <summary>Rounds down to a multiple of <paramref name="size"/>, a power of two.</summary>
    public VirtualAddress AlignDown(ulong size) => new(Value & ~(size - 1));

    /// <summary>True when a multiple of <paramref name="size"/>, a power of two.</summary>
    public bool IsAligned(ulong size) => (Value & (size - 1)) == 0;

    public static VirtualAddress operator +(VirtualAddress a, ulong bytes) => new(unchecked(a.Value + bytes));

    public static VirtualAddress operator -(VirtualAddress a, ulong bytes) => new(unchecked(a.Value - bytes));

    public static bool operator <(VirtualAddress a, VirtualAddress b) => a.Value < b.Value;

    public static bool operator >(VirtualAddress a, VirtualAddress b) => a.Value > b.Value;

    public static bool operator <=(VirtualAddress a, VirtualAddress b) => a.Value <= b.Value;

    public static bool operator >=(VirtualAddress a, VirtualAddress b) => a.Value >= b.Value;

    public int CompareTo(VirtualAddress other) => Value.CompareTo(other.Value);

    public override string ToString() => "0x" + Value.ToString("x", CultureInfo.InvariantCulture);
}
