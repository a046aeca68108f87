using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Properties.Arch;

/// <summary>A page-table page in the one memory, and the provenance (<see cref="Target"/>) every traced access carries.</summary>
public sealed class PageTableTests
{
    [Fact]
    public void Table_SpansItsEntriesTimesTheEntrySize_FromItsAddress()
    {
        var memory = new MachineMemory(12, 32, entrySize: 4);
        var table = memory.AllocateTable(Level.Pte, "page table", 1024, 0);
        Assert.Equal(4096UL, table.Bytes);
        Assert.Equal(1024, table.Entries);
        Assert.True(table.Contains(table.Address));
        Assert.True(table.Contains(table.Address + 4095));
        Assert.False(table.Contains(table.Address + 4096));
        Assert.False(table.Contains(table.Address - 1));
        Assert.Equal(new EntryPointer(Level.Pte, table.Address + 12, 4), table.At(3));
        Assert.Equal("page table #0 @c0000000 (1024 entries)", table.ToString());
    }

    [Fact] // Traces describe every load they record: a slot's target is made once, not once per load.
    public void TargetOf_ASlot_IsMadeOnce()
    {
        var table = new MachineMemory().AllocateTable(Level.Pmd, "pmd table", 512, 0);
        var first = table.TargetOf(7);
        Assert.Same(first, table.TargetOf(7));
        table.TargetOf(8);
        Assert.Same(first, table.TargetOf(7));
        Assert.Equal(new Target.TableSlot(table, 8), table.TargetOf(8));
    }

    [Fact]
    public void Targets_PrintWhatAPointerPointsInto()
    {
        var table = new MachineMemory().AllocateTable(Level.Pud, "region-3 table", 2048, 0);
        var copy = new StackCopy(new Entry(Level.P4d, 0xbbb), new EntryPointer(Level.P4d, 0xff0), "gup_pud_range");
        Assert.Equal("region-3 table #0 [5]", table.TargetOf(5).ToString());
        Assert.Equal("stack copy of p4d in gup_pud_range", new Target.StackCopySlot(copy).ToString());
        Assert.Equal("stack padding after p4d copy in gup_pud_range", new Target.StackPadding(copy).ToString());
        Assert.Equal("red zone after p4d copy in gup_pud_range", new Target.StackRedZone(copy).ToString());
        Assert.Equal("dead kernel stack 24 bytes below its top", new Target.DeadStack(24, IsEnd: false).ToString());
        Assert.Equal("STACK_END_MAGIC at the kernel stack's end", new Target.DeadStack(16384, IsEnd: true).ToString());
        Assert.Equal("data page pfn 0x100", new Target.DataFrame(new Pfn(0x100)).ToString());
        Assert.Equal("unmapped", Target.Unmapped.ToString());
        Assert.Equal("freed region-3 table #0 [5]", new Target.FreedTableSlot(table, 5, null).ToString());
        Assert.Equal("freed region-3 table #0 [5], reused as task data", new Target.FreedTableSlot(table, 5, "task data").ToString());
    }

    [Fact] // A slot index past the table is refused, also where the table's last block has room beyond it.
    public void SlotIndex_PastTheTable_IsRefused()
    {
        var table = new MachineMemory().AllocateTable(Level.Pte, "page table", 100, 0);
        table[99] = 7;

        Assert.Equal(7UL, table[99]);
        Assert.Throws<ArgumentOutOfRangeException>(() => table[100]);
        Assert.Throws<ArgumentOutOfRangeException>(() => table[100] = 1);
    }

    [Fact] // The lockless-reads invariant: a lockless walker reads only live table slots and its own copies.
    public void OnlyTableSlotsAndCopies_AreWhatALocklessWalkerMayRead()
    {
        var table = new MachineMemory().AllocateTable(Level.Pud, "pud table", 512, 0);
        var copy = new StackCopy(new Entry(Level.P4d, 0xbbb), new EntryPointer(Level.P4d, 0xff0), "gup_pud_range");
        Assert.True(table.TargetOf(0).IsTableOrCopy);
        Assert.True(new Target.StackCopySlot(copy).IsTableOrCopy);
        Assert.False(new Target.StackPadding(copy).IsTableOrCopy);
        Assert.False(new Target.StackRedZone(copy).IsTableOrCopy);
        Assert.False(new Target.DataFrame(new Pfn(1)).IsTableOrCopy);
        Assert.False(Target.Unmapped.IsTableOrCopy);
        Assert.Equal(Level.Pud, table.TargetOf(0).TableLevel);
        Assert.Null(new Target.StackCopySlot(copy).TableLevel);
    }
}
