using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Properties.Arch;

/// <summary>The kernel stack a walker spills its entry copies to: where each layout puts a copy, what lies next to
/// it, and that only a copy can be written.</summary>
public sealed class SimulatedStackTests
{
    private static readonly Entry Pgd = new(Level.Pgd, 0xaaa);
    private static readonly Entry P4d = new(Level.P4d, 0xbbb);

    [Theory] // CallerCopy: adjacent 8-byte slots; Zero: 8 bytes of padding after each copy; RedZone: 32-byte KASAN granules.
    [InlineData(StackLayout.CallerCopy, 8)]
    [InlineData(StackLayout.Zero, 16)]
    [InlineData(StackLayout.RedZone, 64)]
    public void Push_MovesTheStackPointerDownByTheLayoutsFrame(StackLayout layout, int frame)
    {
        var memory = new MachineMemory();
        memory.Stack.Layout = layout;
        var caller = memory.Stack.Push(Pgd, "gup_p4d_range");
        var callee = memory.Stack.Push(P4d, "gup_pud_range");
        Assert.Equal(memory.StackTop - (ulong)frame, caller.Address.Address);
        Assert.Equal(memory.StackTop - 2 * (ulong)frame, callee.Address.Address);
        Assert.Equal(callee.Address.Address, memory.Stack.Pointer);
        Assert.Equal(new Target.StackCopySlot(callee), memory.Describe(callee.Address.Address));
        Assert.Equal(new Target.StackCopySlot(caller), memory.Describe(caller.Address.Address));
    }

    [Fact]
    public void PastACopy_LiesPaddingInTheZeroLayout_AndARedZoneUnderKasan()
    {
        var zero = new MachineMemory();
        zero.Stack.Layout = StackLayout.Zero;
        var padded = zero.Stack.Push(P4d, "gup_pud_range");
        Assert.Equal("stack padding after p4d copy in gup_pud_range", zero.Describe(padded.Address.Address + 8).ToString());

        var kasan = new MachineMemory();
        kasan.Stack.Layout = StackLayout.RedZone;
        var guarded = kasan.Stack.Push(P4d, "gup_pud_range");
        Assert.All(Enumerable.Range(1, 7), i =>
            Assert.Equal("red zone after p4d copy in gup_pud_range", kasan.Describe(guarded.Address.Address + 8 * (ulong)i).ToString()));
    }

    [Fact] // Only the walker's own copies are stored to; a store anywhere else on the stack is a bug the model reports.
    public void Store_ChangesACopy_ButFaultsOnPaddingARedZoneOrADeadFrame()
    {
        var memory = new MachineMemory();
        memory.Stack.Layout = StackLayout.Zero;
        var copy = memory.Stack.Push(P4d, "gup_pud_range");
        var cpu = new Cpu(memory);
        cpu.Store(copy.Address, new Entry(Level.P4d, 0xccc));
        Assert.Null(cpu.Fault);
        Assert.Equal(0xcccUL, cpu.Load(copy.Address).Raw);
        Assert.Equal(FaultKind.Unmapped, memory.Write(copy.Address.Address + 8, 8, 0x1));
        Assert.Equal(FaultKind.Unmapped, memory.Write(copy.Address.Address - 8, 8, 0x1));
        Assert.Equal(0UL, cpu.Load(copy.Address + 1).Raw);
        Assert.Equal(0UL, cpu.Load(copy.Address + -1).Raw);

        memory.Stack.Layout = StackLayout.RedZone;
        var guarded = memory.Stack.Push(P4d, "gup_pmd_range");
        Assert.Equal(FaultKind.StackOutOfBounds, memory.Write(guarded.Address.Address + 8, 8, 0x1));
    }

    [Fact]
    public void PopTo_AMarkAtOrBelowThePointer_KillsNothing()
    {
        var memory = new MachineMemory();
        memory.Stack.Push(Pgd, "gup_p4d_range");
        var callee = memory.Stack.Push(P4d, "gup_pud_range");
        memory.Stack.PopTo(callee.Address.Address);
        memory.Stack.PopTo(callee.Address.Address - 64);
        Assert.Equal(callee.Address.Address, memory.Stack.Pointer);
        Assert.Equal(0xbbbUL, new Cpu(memory).Load(callee.Address).Raw);
    }

    [Fact]
    public void PopTo_AnEarlierPointer_KillsTheFramesBelowIt_AndLaterPushesReuseThem()
    {
        var memory = new MachineMemory();
        var caller = memory.Stack.Push(Pgd, "gup_p4d_range");
        var mark = memory.Stack.Pointer;
        memory.Stack.Push(P4d, "gup_pud_range");
        memory.Stack.PopTo(mark);
        Assert.Equal(mark, memory.Stack.Pointer);
        var again = memory.Stack.Push(new Entry(Level.P4d, 0xddd), "gup_pud_range");
        var cpu = new Cpu(memory);
        Assert.Equal(0xdddUL, cpu.Load(again.Address).Raw);
        Assert.Equal(0xaaaUL, cpu.Load(caller.Address).Raw);
        Assert.Null(cpu.Fault);
    }

    [Fact] // A word read across two stack words is no read of either; a half of a copy is its bytes there (x86 PAE's
           // READ_ONCE of a 64-bit copy loads the high half, then the low one).
    public void MisalignedStackWord_IsUnmapped_AHalfOfACopy_IsItsBytes()
    {
        var memory = new MachineMemory();
        var copy = memory.Stack.Push(new Entry(Level.P4d, 0x1234_5678_9abc_def0), "gup_pud_range");
        Assert.Equal(memory.Describe(copy.Address.Address - 8), memory.Describe(copy.Address.Address - 4));
        memory.Read(copy.Address.Address - 4, 8, out var fault);
        Assert.Equal(FaultKind.Unmapped, fault);
        memory.Read(copy.Address.Address + 4, 8, out fault);
        Assert.Equal(FaultKind.Unmapped, fault);
        Assert.Equal(memory.Describe(copy.Address.Address), memory.Describe(copy.Address.Address + 4));
        Assert.Equal(0x1234_5678UL, memory.Read(copy.Address.Address + 4, 4, out fault));
        Assert.Equal((0x9abc_def0UL, FaultKind.None), (memory.Read(copy.Address.Address, 4, out fault), fault));
    }

    [Fact]
    public void Copy_PrintsItsValueItsSlotAndItsOwner() =>
        Assert.Equal("p4d 0xbbb at p4dp 0000000000000ff0 in gup_pud_range",
            new StackCopy(P4d, new EntryPointer(Level.P4d, 0xff0), "gup_pud_range").ToString());
}
