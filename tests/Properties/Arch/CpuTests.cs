using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Properties.Arch;

/// <summary>One CPU's view of the memory: loads counted, the first fault kept, accesses recorded only when asked, and
/// each recorded access and fault printed as a trace line says it.</summary>
public sealed class CpuTests
{
    private static (MachineMemory Memory, PageTable Table) MemoryWithATable()
    {
        var memory = new MachineMemory();
        return (memory, memory.AllocateTable(Level.Pte, "pte table", 512, 0));
    }

    [Fact]
    public void Accesses_AreEmpty_WhenNotRecording()
    {
        var (memory, table) = MemoryWithATable();
        var cpu = new Cpu(memory);
        cpu.Store(table.At(0), new Entry(Level.Pte, 0x5000));
        cpu.Load(table.At(0));
        Assert.Empty(cpu.Accesses);
        Assert.Equal(1, cpu.Loads);
    }

    [Fact] // An oops stops the walk at its first fault; a later faulting store must not hide it.
    public void Store_KeepsTheFirstFault()
    {
        var memory = new MachineMemory();
        memory.AddData(new Pfn(0x100), 1);
        var cpu = new Cpu(memory);
        cpu.Store(new EntryPointer(Level.Pte, 0x100_000), new Entry(Level.Pte, 1));
        cpu.Store(new EntryPointer(Level.Pte, 0x2000), new Entry(Level.Pte, 1));
        Assert.Equal(new MemoryFault(FaultKind.DataPage, 0x100_000, new Target.DataFrame(new Pfn(0x100))), cpu.Fault);
    }

    [Fact]
    public void Reset_ForgetsTheFaultTheLoadsAndTheRecord()
    {
        var (memory, table) = MemoryWithATable();
        var cpu = new Cpu(memory, record: true);
        cpu.Load(new EntryPointer(Level.Pte, 0x1000));
        cpu.Load(table.At(1));
        cpu.Reset();
        Assert.Null(cpu.Fault);
        Assert.Equal(0, cpu.Loads);
        Assert.Empty(cpu.Accesses);
        cpu.Load(table.At(2));
        Assert.Equal([table.At(2)], cpu.Accesses.Select(a => a.Pointer));
    }

    [Fact]
    public void ForgetAccesses_ClearsTheRecordButKeepsTheFaultAndTheCount()
    {
        var (memory, table) = MemoryWithATable();
        var cpu = new Cpu(memory, record: true);
        cpu.Load(new EntryPointer(Level.Pte, 0x1000));
        cpu.Load(table.At(1));
        Assert.Equal(2, cpu.RecordedAccesses.Length);
        cpu.ForgetAccesses();
        Assert.Equal(0, cpu.RecordedAccesses.Length);
        Assert.Equal(2, cpu.Loads);
        Assert.Equal(0x1000UL, cpu.Fault!.Address);
    }

    [Fact] // A walker's own READ_ONCE is traced as its own step, so the access log leaves it out; it still counts and faults.
    public void LoadUnrecorded_CountsAndFaults_ButIsNotRecorded()
    {
        var (memory, table) = MemoryWithATable();
        var cpu = new Cpu(memory, record: true);
        cpu.LoadUnrecorded(table.At(0));
        cpu.LoadUnrecorded(new EntryPointer(Level.Pte, 0x1000));
        Assert.Empty(cpu.Accesses);
        Assert.Equal(2, cpu.Loads);
        Assert.Equal(FaultKind.Unmapped, cpu.Fault!.Kind);
    }

    [Fact]
    public void RecordedAccess_PrintsLoadOrStore_ThePointerWhatItHit_TheValue_AndAFault()
    {
        var (memory, table) = MemoryWithATable();
        var cpu = new Cpu(memory, record: true);
        cpu.Store(table.At(1), new Entry(Level.Pte, 0x5067));
        cpu.Load(new EntryPointer(Level.Pmd, 0x1000));
        Assert.Equal($"store {table.At(1).Address:x16} -> pte table #0 [1]: pte 0x5067", cpu.Accesses[0].ToString());
        Assert.Equal("load 0000000000001000 -> unmapped: pmd 0x0 (Unmapped)", cpu.Accesses[1].ToString());
    }

    [Fact]
    public void Fault_PrintsWhatTheKernelWouldReport()
    {
        var copy = new StackCopy(new Entry(Level.P4d, 0xbbb), new EntryPointer(Level.P4d, 0xff0), "gup_pud_range");
        Assert.Equal("KASAN: stack-out-of-bounds read at 0000000000001000 (red zone after p4d copy in gup_pud_range)",
            new MemoryFault(FaultKind.StackOutOfBounds, 0x1000, new Target.StackRedZone(copy)).ToString());
        Assert.Equal("page-table read of a data page at 0000000000100018 (data page pfn 0x100)",
            new MemoryFault(FaultKind.DataPage, 0x100_018, new Target.DataFrame(new Pfn(0x100))).ToString());
        Assert.Equal("read of unmapped memory at 0000000000002000", new MemoryFault(FaultKind.Unmapped, 0x2000, Target.Unmapped).ToString());
    }
}
