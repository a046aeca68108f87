using PgtableInvariants.Arch.Entries;

namespace PgtableInvariants.Properties.Arch;

/// <summary>VMA permissions as <c>/proc/PID/maps</c> spells them (fs/proc/task_mmu.c <c>show_map_vma</c>), both ways.</summary>
public sealed class VmFlagsTextTests
{
    [Theory]
    [InlineData(VmFlags.None, "---p")]
    [InlineData(VmFlags.Read, "r--p")]
    [InlineData(VmFlags.Read | VmFlags.Write, "rw-p")]
    [InlineData(VmFlags.Exec, "--xp")]
    [InlineData(VmFlags.Read | VmFlags.Exec | VmFlags.Shared, "r-xs")]
    [InlineData(VmFlags.Read | VmFlags.Write | VmFlags.Exec | VmFlags.Shared, "rwxs")]
    public void Format_SpellsEachFlagInItsPlace_AndParseReadsItBack(VmFlags flags, string text)
    {
        Assert.Equal(text, VmFlagsText.Format(flags));
        Assert.True(VmFlagsText.TryParse(text, out var parsed));
        Assert.Equal(flags, parsed);
    }

    [Fact] // Every one of the 16 protection_map indexes survives the round trip.
    public void EveryProtectionIndex_RoundTrips() =>
        Assert.All(Enumerable.Range(0, 16).Select(i => (VmFlags)i), flags =>
            Assert.Equal(flags, VmFlagsText.TryParse(VmFlagsText.Format(flags), out var parsed) ? parsed : (VmFlags)(-1)));

    [Theory]
    [InlineData("")]
    [InlineData("rw-")]
    [InlineData("rw-pp")]
    [InlineData("wr-p")]
    [InlineData("rw-x")]
    [InlineData("RW-P")]
    [InlineData("rw- ")]
    [InlineData("?w-p")]
    public void TryParse_RefusesAnythingFormatDoesNotWrite(string text) => Assert.False(VmFlagsText.TryParse(text, out _));
}
