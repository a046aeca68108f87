namespace PgtableInvariants.Arch.Memory;

/// <summary>Why a load or store of simulated memory failed.</summary>
public enum FaultKind
{
    /// <summary>No fault.</summary>
    None,

    /// <summary>Nothing is there: an oops in the kernel.</summary>
    Unmapped,

    /// <summary>A data frame read as if it were a page table: a leaf followed as a table.</summary>
    DataPage,

    /// <summary>A KASAN red zone around a stack variable: <c>KASAN: stack-out-of-bounds</c>.</summary>
    StackOutOfBounds,
}
