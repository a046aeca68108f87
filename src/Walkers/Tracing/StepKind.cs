namespace PgtableInvariants.Walkers.Tracing;

/// <summary>What a <see cref="StepRecord"/> stands for, which says how its fields read back into a <see cref="WalkStep"/>.</summary>
internal enum StepKind : byte
{
    /// <summary>A walker function entered (<c>gup_pud_range</c>) with its range.</summary>
    Enter,

    /// <summary>A parameter copy spilled to the stack because its address is taken.</summary>
    Spill,

    /// <summary><c>READ_ONCE(*p)</c> by the walker itself.</summary>
    Load,

    /// <summary>A load made inside a helper (<c>*pudp in pmd_offset(&amp;pud)</c>).</summary>
    HelperLoad,

    /// <summary>A store made inside a helper (<c>pmd_clear</c>).</summary>
    HelperStore,

    /// <summary>The pointer an offset helper returned.</summary>
    Pointer,

    /// <summary>A predicate's answer.</summary>
    Check,

    /// <summary>An addr_end helper's answer.</summary>
    Next,

    /// <summary><c>p++</c>, with the offset helper's pointer for the next address when the loop goes on.</summary>
    Increment,

    /// <summary>A load of the hardware's own table walk.</summary>
    HardwareLoad,

    /// <summary>A decision: descend, leaf, stop.</summary>
    Decide,

    /// <summary>Pages found or pinned.</summary>
    Found,

    /// <summary><c>pte_hole</c>.</summary>
    Hole,

    /// <summary>A faulting access ended the walk.</summary>
    Fault,

    /// <summary>The step budget ended the walk.</summary>
    Budget,

    /// <summary>Another CPU's store to an entry, between two of the walker's loads.</summary>
    OtherCpuStore,

    /// <summary>Another CPU's wait, flush, or free or reuse of a table page.</summary>
    OtherCpu,
}
