using System.Globalization;

namespace PgtableInvariants.Arch.Hardware;

/// <summary>An exception the translation raised: its architectural name and code (x86 vector error code, s390
/// program-interruption code).</summary>
public sealed record HardwareFault(string Name, ulong Code)
{
    public override string ToString() => $"{Name} (0x{Code.ToString("x", CultureInfo.InvariantCulture)})";
}
