using PgtableInvariants.Arch.Addresses;

namespace PgtableInvariants.Arch.Hardware;

/// <summary>What the hardware makes of one address: the frame it reaches, or the exception it raises. A value, so
/// translating page by page allocates nothing for a mapped page.</summary>
public readonly record struct Translation(Pfn? Pfn, HardwareFault? Fault)
{
    public static Translation Mapped(Pfn pfn) => new(pfn, null);

    public static Translation Faulted(string name, ulong code) => new(null, new HardwareFault(name, code));

    public bool IsMapped => Pfn is not null;

    public override string ToString() => Pfn?.ToString() ?? Fault!.ToString();
}
