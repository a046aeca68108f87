using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.OtherCpus;

namespace PgtableInvariants.Properties.Arch.OtherCpus;

/// <summary>Another CPU's operation made on its own, every step, with no walker between them.</summary>
internal static class OperationRun
{
    /// <summary>Makes every step of <paramref name="op"/> on <paramref name="mm"/>; <paramref name="seen"/> hears of each.</summary>
    public static void ToTheEnd(AddressSpace mm, OtherCpuOperation op, Action<OtherCpuEvent>? seen = null)
    {
        var cpu = new Cpu(mm.Memory) { Others = new Interleaving([op], [.. op.Steps.Select(_ => 0L)]).Start(mm, seen) };
        cpu.Others!.Complete();
    }
}
