namespace PgtableInvariants.Cli.Rendering;

/// <summary>How a <see cref="PictureRow"/>'s box is drawn; the legend names each.</summary>
internal enum RowStyle
{
    /// <summary>A slot of a live page table.</summary>
    Table,

    /// <summary>A walker's copy of an entry on the kernel stack.</summary>
    StackCopy,

    /// <summary>Memory that is neither: a red zone, padding, a data page, nothing.</summary>
    Stray,

    /// <summary>A <c>p++</c> that leaves its table or copy, or lands elsewhere than <c>pXd_offset(parent, next)</c>.</summary>
    Escape,

    /// <summary>Where <c>pXd_offset(parent, next)</c> points: the slot the increment stands for.</summary>
    Expected,

    /// <summary>A slot the hardware reads for the address, or its translation.</summary>
    Hardware,

    /// <summary>A page whose frame is the hardware's.</summary>
    PageRight,

    /// <summary>A page whose frame is not the hardware's, or a fault.</summary>
    PageWrong,

    /// <summary>A hole or a stop.</summary>
    Quiet,

    /// <summary>Steps left out of the picture; no box.</summary>
    Elided,
}
