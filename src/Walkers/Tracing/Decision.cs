namespace PgtableInvariants.Walkers.Tracing;

/// <summary>What a walker decided at a step.</summary>
public enum Decision
{
    /// <summary>Nothing decided: a call, an offset, a load, an addr_end or an increment.</summary>
    None,

    /// <summary>Go down to the next level's table.</summary>
    Descend,

    /// <summary>The entry maps memory (a huge leaf or a pte).</summary>
    Leaf,

    /// <summary>Nothing mapped here (<c>pte_hole</c>).</summary>
    Hole,

    /// <summary>A page taken (gup) or found (pagewalk, follow_page, hardware).</summary>
    Pin,

    /// <summary>The walk gives up here (gup_fast returns 0).</summary>
    Stop,

    /// <summary>A faulting access or an exhausted step budget ended the walk.</summary>
    Fault,
}
