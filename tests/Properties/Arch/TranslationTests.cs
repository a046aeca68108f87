using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Hardware;

namespace PgtableInvariants.Properties.Arch;

/// <summary>What a hardware translation returns: the frame reached, or the exception raised, each printed as a trace shows it.</summary>
public sealed class TranslationTests
{
    [Fact] // A mapped address reaches a frame and raises nothing; it prints as the frame.
    public void Mapped_IsMappedAndPrintsItsFrame()
    {
        var t = Translation.Mapped(new Pfn(0x1234));
        Assert.True(t.IsMapped);
        Assert.Null(t.Fault);
        Assert.Equal("pfn 0x1234", t.ToString());
    }

    [Fact] // A fault reaches no frame; it prints as the exception's architectural name and code in hex (ESR_EL1 DFSC here).
    public void Faulted_IsNotMappedAndPrintsTheExceptionAndItsCode()
    {
        var t = Translation.Faulted("translation fault, level 1", 0x05);
        Assert.False(t.IsMapped);
        Assert.Null(t.Pfn);
        Assert.Equal(new HardwareFault("translation fault, level 1", 0x05), t.Fault);
        Assert.Equal("translation fault, level 1 (0x5)", t.ToString());
        Assert.Equal("load page fault: V clear, level 2 (0xd)", Translation.Faulted("load page fault: V clear, level 2", 13).ToString());
    }
}
