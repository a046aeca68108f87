using PgtableInvariants.Arch;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Properties.Arch;

/// <summary>One memory, faults as values, and stacks laid out by <see cref="StackLayout"/>.</summary>
public sealed class MachineMemoryTests
{
    [Fact]
    public void Load_OfUnmappedMemory_IsAFaultValue()
    {
        var cpu = new Cpu(new MachineMemory());
        var entry = cpu.Load(new EntryPointer(Level.Pud, 0x1000));
        Assert.Equal(0UL, entry.Raw);
        Assert.Equal(FaultKind.Unmapped, cpu.Fault!.Kind);
    }

    [Fact]
    public void Load_OfADataPage_IsADataPageFault()
    {
        var memory = new MachineMemory();
        memory.AddData(new Pfn(0x100), 1);
        var cpu = new Cpu(memory);
        cpu.Load(new EntryPointer(Level.Pte, 0x100_018));
        Assert.Equal(FaultKind.DataPage, cpu.Fault!.Kind);
        Assert.Equal("data page pfn 0x100", cpu.Fault.Into.ToString());
    }

    [Fact]
    public void Cpu_KeepsTheFirstFault()
    {
        var cpu = new Cpu(new MachineMemory());
        cpu.Load(new EntryPointer(Level.Pud, 0x1000));
        cpu.Load(new EntryPointer(Level.Pud, 0x2000));
        Assert.Equal(0x1000UL, cpu.Fault!.Address);
        Assert.Equal(2, cpu.Loads);
    }

    [Fact] // The halves of a PAE entry are loads of their own: the first that faults is kept as well.
    public void Cpu_KeepsTheFirstFault_OfHalfLoads()
    {
        var cpu = new Cpu(new MachineMemory());
        cpu.LoadHalf(new EntryPointer(Level.Pmd, 0x1000), high: false);
        cpu.LoadHalf(new EntryPointer(Level.Pmd, 0x2000), high: true);
        Assert.Equal(0x1000UL, cpu.Fault!.Address);
    }

    [Fact] // free_pgtables frees a table once; only a freed page is handed out again.
    public void FreeTable_OfATableNotLive_AndReuseTable_OfALiveOne_AreRefused()
    {
        var memory = new MachineMemory();
        var freed = memory.AllocateTable(Level.Pte, "page table", 512, 0);
        var live = memory.AllocateTable(Level.Pte, "page table", 512, 0);
        memory.FreeTable(freed);

        Assert.Equal($"{freed} is not a live table of this memory", Guard.Problem(Assert.Throws<ArgumentException>(() => memory.FreeTable(freed))));
        Assert.Equal($"{live} is not a freed table page", Guard.Problem(Assert.Throws<ArgumentException>(() => memory.ReuseTable(live, "task data", 1))));
    }

    [Theory] // A reused page holds its new user's word in every slot: all of it in 8-byte slots, its low half in 4-byte ones.
    [InlineData(8, 0xdead_beef_0000_0001UL)]
    [InlineData(4, 0x0000_0001UL)]
    public void ReusedTablePage_ReadsAsTheWordOfItsNewUse(int entrySize, ulong slot)
    {
        var memory = new MachineMemory(12, 32, entrySize);
        var table = memory.AllocateTable(Level.Pte, "page table", 1024, 0);
        memory.FreeTable(table);
        memory.ReuseTable(table, "task data", 0xdead_beef_0000_0001);

        Assert.Equal(slot, memory.Read(table.Address + 8 * (ulong)entrySize, entrySize, out var fault));
        Assert.Equal(FaultKind.None, fault);
    }

    [Fact] // Tables smaller than the 2 KiB granule (a PAE pgd of four entries) still take a granule each, so each is found.
    public void SmallTables_TakeAGranuleEach_AndAreFoundApart()
    {
        var memory = new MachineMemory();
        var first = memory.AllocateTable(Level.Pgd, "pgd", 4, 0);
        var second = memory.AllocateTable(Level.Pgd, "pgd", 4, 0);

        Assert.Equal(first.Address + 2048, second.Address);
        Assert.Equal(first.TargetOf(1), memory.Describe(first.Address + 8));
        Assert.Equal(second.TargetOf(1), memory.Describe(second.Address + 8));
    }

    [Fact]
    public void Data_InTheKernelWindow_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => new MachineMemory().AddData(Pfn.OfPhysical(MachineMemory.WindowBaseFor(52), 12), 1));
    }

    [Fact]
    public void Tables_AreAlignedToTheirSizeAndNamedByProvenance()
    {
        var memory = new MachineMemory();
        var small = memory.AllocateTable(Level.Pte, "page table", 256, 0x400);
        var crst = memory.AllocateTable(Level.Pud, "region-3 table", 2048, 0x24);
        Assert.Equal(0UL, small.Address % 2048);
        Assert.Equal(0UL, crst.Address % 16384);
        Assert.Equal("region-3 table #1 [5]", memory.Describe(crst.Address + 40).ToString());
        Assert.Equal(0x400UL, new Cpu(memory).Load(small.At(255)).Raw);
    }

    [Fact] // the usual compiler outcome (RFC, 28 Aug 2020): past a copy lies the caller's copy.
    public void CallerCopyLayout_PastACopyIsTheCallersCopy()
    {
        var memory = new MachineMemory();
        var caller = memory.Stack.Push(new Entry(Level.Pgd, 0xaaa), "gup_p4d_range");
        var callee = memory.Stack.Push(new Entry(Level.P4d, 0xbbb), "gup_pud_range");
        var past = callee.Address;
        past++;
        Assert.Equal(caller.Address.Address, past.Address);
        var cpu = new Cpu(memory);
        Assert.Equal(0xaaaUL, cpu.Load(past).Raw);
        Assert.Null(cpu.Fault);
    }

    [Fact] // KASAN: reading past a stack variable is a stack-out-of-bounds report.
    public void RedZoneLayout_PastACopyIsStackOutOfBounds()
    {
        var memory = new MachineMemory();
        memory.Stack.Layout = StackLayout.RedZone;
        memory.Stack.Push(new Entry(Level.Pgd, 0xaaa), "gup_p4d_range");
        var callee = memory.Stack.Push(new Entry(Level.P4d, 0xbbb), "gup_pud_range");
        var cpu = new Cpu(memory);
        cpu.Load(callee.Address + 1);
        Assert.Equal(FaultKind.StackOutOfBounds, cpu.Fault!.Kind);
        Assert.StartsWith("KASAN: stack-out-of-bounds", cpu.Fault.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroLayout_PastACopyIsZeroThenTheCallersCopy()
    {
        var memory = new MachineMemory();
        memory.Stack.Layout = StackLayout.Zero;
        memory.Stack.Push(new Entry(Level.Pgd, 0xaaa), "gup_p4d_range");
        var callee = memory.Stack.Push(new Entry(Level.P4d, 0xbbb), "gup_pud_range");
        var cpu = new Cpu(memory);
        Assert.Equal(0UL, cpu.Load(callee.Address + 1).Raw);
        Assert.Equal(0xaaaUL, cpu.Load(callee.Address + 2).Raw);
        Assert.Null(cpu.Fault);
    }

    [Fact]
    public void Stack_AboveTheOutermostFrameIsUnmapped_AndPoppedFramesDie()
    {
        var memory = new MachineMemory();
        var mark = memory.Stack.Pointer;
        var copy = memory.Stack.Push(new Entry(Level.Pgd, 0xaaa), "gup_pgd_range");
        var cpu = new Cpu(memory);
        cpu.Load(copy.Address + 1);
        Assert.Equal(FaultKind.Unmapped, cpu.Fault!.Kind);
        memory.Stack.PopTo(mark);
        Assert.Equal(new Target.DeadStack(memory.StackTop - copy.Address.Address, IsEnd: false), memory.Describe(copy.Address.Address));
    }

    [Fact] // end_of_stack() holds STACK_END_MAGIC; below THREAD_SIZE lies the guard page of a vmapped stack.
    public void Stack_BelowThePointer_ReadsAsDeadFramesDownToTheEndMagic()
    {
        var memory = new MachineMemory(14, 48);
        var cpu = new Cpu(memory);
        var end = memory.StackTop - SimulatedStack.ThreadSize64;
        Assert.Equal(SimulatedStack.StackEndMagic, cpu.Load(new EntryPointer(Level.Pud, end)).Raw);
        Assert.Equal(0UL, cpu.Load(new EntryPointer(Level.Pud, end + 8)).Raw);
        Assert.Null(cpu.Fault);
        cpu.Load(new EntryPointer(Level.Pud, end - 8));
        Assert.Equal(FaultKind.Unmapped, cpu.Fault!.Kind);
    }

    [Fact]
    public void Cpu_RecordsEveryAccessInOrder_WhenAsked()
    {
        var memory = new MachineMemory();
        var table = memory.AllocateTable(Level.Pte, "pte table", 512, 0);
        var cpu = new Cpu(memory, record: true);
        cpu.Store(table.At(3), new Entry(Level.Pte, 0x5000));
        cpu.Load(table.At(3));
        Assert.Equal(["store", "load"], cpu.Accesses.Select(a => a.IsStore ? "store" : "load"));
        Assert.Equal(0x5000UL, cpu.Accesses[1].Value.Raw);
    }

    [Fact] // A 32-bit CPU reads a PAE entry as two 4-byte halves, low word first (pgtable-3level.h pmd_read_atomic, gup_get_pte).
    public void FourByteLoads_OfAnEightByteTable_ReadTheHalvesLittleEndian()
    {
        var memory = new MachineMemory(12, 32);
        var table = memory.AllocateTable(Level.Pmd, "pmd table", 512, 0);
        var cpu = new Cpu(memory);
        cpu.Store(table.At(1), new Entry(Level.Pmd, 0x8000_0001_c000_3067));
        Assert.Equal(0xc000_3067UL, cpu.Load(new EntryPointer(Level.Pmd, table.At(1).Address, 4)).Raw);
        Assert.Equal(0x8000_0001UL, cpu.Load(new EntryPointer(Level.Pmd, table.At(1).Address + 4, 4)).Raw);
        Assert.Null(cpu.Fault);
    }

    [Fact] // WRITE_ONCE(ptep->pte_low, …) of pgtable-3level.h native_set_pte changes one half and keeps the other.
    public void FourByteStore_IntoAnEightByteSlot_ChangesOneHalf()
    {
        var memory = new MachineMemory(12, 32);
        var table = memory.AllocateTable(Level.Pte, "pte table", 512, 0);
        var cpu = new Cpu(memory);
        cpu.Store(table.At(0), new Entry(Level.Pte, 0x8000_0001_0000_5067));
        cpu.Store(new EntryPointer(Level.Pte, table.At(0).Address, 4), new Entry(Level.Pte, 0x0000_9025));
        Assert.Equal(0x8000_0001_0000_9025UL, table.Peek(0));
    }

    [Fact] // An 8-byte load from a table of 4-byte entries reads two of them, as (u64 *) over a pte_t array would.
    public void EightByteLoad_OfAFourByteTable_ReadsTwoEntries()
    {
        var memory = new MachineMemory(12, 32, entrySize: 4);
        var table = memory.AllocateTable(Level.Pte, "pte table", 1024, 0);
        var cpu = new Cpu(memory);
        cpu.Store(table.At(2), new Entry(Level.Pte, 0x1025));
        cpu.Store(table.At(3), new Entry(Level.Pte, 0x2025));
        Assert.Equal(0x0000_2025_0000_1025UL, cpu.Load(new EntryPointer(Level.Pte, table.At(2).Address)).Raw);
        Assert.Equal(0xc000_0000UL, memory.KernelWindowBase);
    }

    [Fact] // 52-bit physical addresses: tables and the stack take pfn 0xff00000000-0xffffffffff, the top 16 TiB.
    public void KernelWindow_IsTheTop16TiBOfPhysicalMemory_AndDataMayTouchItsEdges()
    {
        var memory = new MachineMemory();
        Assert.Equal(0xf_f000_0000_0000UL, memory.KernelWindowBase);
        Assert.Equal(1UL << 52, memory.StackTop);
        Assert.Equal("pfn 0xff00000000-0xffffffffff", MachineMemory.KernelWindowFrames(12, 52));
        Assert.Equal("pfn 0xc0000-0xfffff", MachineMemory.KernelWindowFrames(12, 32));
        Assert.False(memory.InKernelWindow(new Pfn(0xfe_ffff_ffff), 1));
        Assert.True(memory.InKernelWindow(new Pfn(0xfe_ffff_ffff), 2));
        Assert.True(memory.InKernelWindow(new Pfn(0xff_0000_0000), 1));
        Assert.True(memory.InKernelWindow(new Pfn(0xff_ffff_ffff), 1));
        Assert.False(memory.InKernelWindow(new Pfn(0x100_0000_0000), 1));
        Assert.False(new MachineMemory(pageShift: 16).InKernelWindow(new Pfn((0xff_0000_0000 >> 4) - 1), 1));
        Assert.True(new MachineMemory(pageShift: 16).InKernelWindow(new Pfn(0xff_0000_0000 >> 4), 1));
    }

    [Fact]
    public void AddData_IntoTheWindow_IsRefusedNamingTheFramesOfTables()
    {
        var memory = new MachineMemory(16, 48);
        var problem = Guard.Problem(Assert.Throws<ArgumentException>(() => memory.AddData(new Pfn(0xefff_ffff), 2)));
        Assert.Equal("pfn 0xefffffff + 2 frames overlaps pfn 0xf0000000-0xffffffff, the frames of page tables and the kernel stack", problem);
    }

    [Fact] // Two mappings of one frame (a shared page) keep the frame data; the larger region wins, whatever the order.
    public void AddData_OfAFrameAlreadyData_KeepsTheLargerRegion()
    {
        var grown = new MachineMemory();
        grown.AddData(new Pfn(0x200), 1);
        grown.AddData(new Pfn(0x200), 512);
        var kept = new MachineMemory();
        kept.AddData(new Pfn(0x200), 512);
        kept.AddData(new Pfn(0x200), 1);
        foreach (var memory in new[] { grown, kept })
        {
            Assert.Equal(new Target.DataFrame(new Pfn(0x3ff)), memory.Describe(0x3ff_000));
            Assert.Equal(Target.Unmapped, memory.Describe(0x400_000));
        }
    }

    [Fact]
    public void DataFrames_AreFoundInEveryRegion_AndNothingBetweenThem()
    {
        var memory = new MachineMemory();
        memory.AddData(new Pfn(0x100), 1);
        memory.AddData(new Pfn(0x200), 512);
        memory.AddData(new Pfn(0x1000), 1);
        Assert.Equal(new Target.DataFrame(new Pfn(0x100)), memory.Describe(0x100_fff));
        Assert.Equal(Target.Unmapped, memory.Describe(0x101_000));
        Assert.Equal(Target.Unmapped, memory.Describe(0xff_000));
        Assert.Equal(new Target.DataFrame(new Pfn(0x3ff)), memory.Describe(0x3ff_000));
        Assert.Equal(Target.Unmapped, memory.Describe(0x400_000));
        Assert.Equal(new Target.DataFrame(new Pfn(0x1000)), memory.Describe(0x1000_008));
        Assert.Equal(FaultKind.DataPage, memory.Write(0x200_000, 8, 1));
        Assert.Equal(FaultKind.Unmapped, memory.Write(0x400_000, 8, 1));
    }

    [Fact] // Tables are aligned to their size, so a small table after a large one leaves a gap that is no table.
    public void Describe_BetweenTables_IsUnmapped_AndEachTableIsFoundFromAnyOfItsSlots()
    {
        var memory = new MachineMemory();
        var pte = memory.AllocateTable(Level.Pte, "page table", 256, 0);
        var crst = memory.AllocateTable(Level.Pud, "region-3 table", 2048, 0);
        var other = memory.AllocateTable(Level.Pte, "page table", 256, 0);
        Assert.Equal(crst.Address + crst.Bytes, other.Address);
        Assert.True(memory.InTableWindow(pte.Address + pte.Bytes));
        Assert.Equal(Target.Unmapped, memory.Describe(pte.Address + pte.Bytes));
        Assert.False(memory.InTableWindow(other.Address + other.Bytes));
        Assert.False(memory.InTableWindow(memory.KernelWindowBase - 8));
        Assert.True(memory.InTableWindow(memory.KernelWindowBase));
        foreach (var (table, slot) in new[] { (crst, 0), (pte, 255), (crst, 2047), (other, 3), (crst, 1024), (pte, 0) })
        {
            Assert.Same(table, memory.TableAt(table.At(slot).Address));
            Assert.Equal(table.TargetOf(slot), memory.Describe(table.At(slot).Address + 7));
        }
        Assert.Equal([pte, crst, other], memory.Tables);
    }

    [Fact] // READ_ONCE of a naturally aligned word: a misaligned access or one that runs off the table is no table access.
    public void TableAccess_MustBeAlignedAndInsideTheTable()
    {
        var memory = new MachineMemory(12, 32, entrySize: 4);
        var table = memory.AllocateTable(Level.Pte, "page table", 1024, 0x11);
        memory.Read(table.Address + 2, 4, out var misaligned);
        Assert.Equal(FaultKind.Unmapped, misaligned);
        Assert.Equal(0x11UL, memory.Read(table.Address + 4092, 4, out var last));
        Assert.Equal(FaultKind.None, last);
        Assert.Equal(0x11_0000_0011UL, memory.Read(table.Address + 4088, 8, out var lastPair));
        Assert.Equal(FaultKind.None, lastPair);
        Assert.Equal(FaultKind.Unmapped, memory.Write(table.Address + 4092 + 4, 4, 1));
        Assert.Equal(FaultKind.None, memory.Write(table.Address + 8, 4, 0xffff_ffff_1234_5678));
        Assert.Equal(0x1234_5678UL, table.Peek(2));
        Assert.Equal(FaultKind.None, memory.Write(table.Address + 16, 8, 0xaaaa_bbbb_cccc_dddd));
        Assert.Equal([0xcccc_ddddUL, 0xaaaa_bbbbUL], new[] { table.Peek(4), table.Peek(5) });
    }

    [Theory]
    [InlineData(31, 8, "physicalBits", "page-table memory lies below 2^32 … 2^52, not 2^31")]
    [InlineData(53, 8, "physicalBits", "page-table memory lies below 2^32 … 2^52, not 2^53")]
    [InlineData(52, 2, "entrySize", "entries are 4 or 8 bytes, not 2")]
    public void Memory_OfAnUnmodelledShape_IsRefused(int physicalBits, int entrySize, string parameter, string problem)
    {
        var e = Assert.Throws<ArgumentException>(() => new MachineMemory(12, physicalBits, entrySize));
        Assert.Equal(parameter, e.ParamName);
        Assert.Equal(problem, Guard.Problem(e));
    }

    [Fact] // i386 lowmem: tables may use the 1 GiB window less a quarter kept for the stack; a table past that is refused.
    public void Table_ReachingIntoTheStacksReserve_IsRefused_AndTheWindowStaysUsable()
    {
        var memory = new MachineMemory(12, 32);
        var first = memory.AllocateTable(Level.Pte, "page table", 256, 0);
        // 512 MiB aligned to its size lands at 0xe0000000 and would end at 2^32, inside the reserve: refused before any slot exists.
        Assert.Equal("kernel window exhausted", Assert.Throws<InvalidOperationException>(() => memory.AllocateTable(Level.Pmd, "pmd table", 1 << 26, 0)).Message);
        var next = memory.AllocateTable(Level.Pte, "page table", 256, 0);
        Assert.Equal(first.Address + 2048, next.Address);
        Assert.Equal([first, next], memory.Tables);
    }

    [Fact] // The last table may end exactly where the stack's reserve begins (0xf0000000 in a 32-bit window).
    public void Tables_MayFillTheWindowUpToTheStacksReserveExactly()
    {
        var memory = new MachineMemory(12, 32);
        memory.AllocateTable(Level.Pmd, "pmd table", 1 << 26, 0);
        var last = memory.AllocateTable(Level.Pte, "page table", 1 << 25, 0);

        Assert.Equal(0xf000_0000UL, last.Address + (1UL << 28));
        Assert.Equal("kernel window exhausted", Assert.Throws<InvalidOperationException>(() => memory.AllocateTable(Level.Pte, "page table", 256, 0)).Message);
    }
}
