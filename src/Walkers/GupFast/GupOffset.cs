namespace PgtableInvariants.Walkers.GupFast;

/// <summary>How gup_fast reaches the next level's table from the entry value it read.</summary>
public enum GupOffset
{
    /// <summary>5.2–5.8 (and RFC v2): <c>pud_offset(&amp;p4d, addr)</c>, from the address of the on-stack copy.</summary>
    FromCopy,

    /// <summary>5.9 on (d3f7b1bb2040): <c>pud_offset_lockless(p4dp, p4d, addr)</c>, pointer and value together.</summary>
    Lockless,

    /// <summary>No release: <c>pmd_offset(pudp, addr)</c> on the real pointer, which reads <c>*pudp</c> again after the
    /// walker tested its own copy: "between the READ_ONCE(*pudp) and (*pud) inside pmd_offset() the value of *pud can
    /// change" (the double load that passing values down avoids).</summary>
    FromPointer,
}
