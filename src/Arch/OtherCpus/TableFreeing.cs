namespace PgtableInvariants.Arch.OtherCpus;

/// <summary>How <c>tlb_finish_mmu</c> frees the page-table pages that <c>free_pgtables</c> unhooked, and how it flushes
/// the TLB before (include/asm-generic/tlb.h, mm/mmu_gather.c).</summary>
public enum TableFreeing
{
    /// <summary>No <c>MMU_GATHER_TABLE_FREE</c>: a table page is gathered like any page (<c>tlb_remove_page</c>) and
    /// freed after <c>tlb_flush</c>, which on x86 without <c>PARAVIRT</c> is an IPI every CPU of the mm must take.</summary>
    AfterIpiFlush,

    /// <summary><c>MMU_GATHER_RCU_TABLE_FREE</c> (arm64, s390, riscv from 6.9, x86 with <c>PARAVIRT</c>): the TLB is
    /// invalidated by broadcast, without waiting for anyone, and <c>tlb_remove_table</c> frees the batch from
    /// <c>call_rcu</c>, after a grace period.</summary>
    AfterGracePeriod,

    /// <summary>No <c>MMU_GATHER_TABLE_FREE</c> and a flush that waits for nobody (riscv before 6.9, whose
    /// <c>flush_tlb_mm</c> is an SBI remote fence): safe only while no walker runs without the mmap lock, and riscv took
    /// <c>HAVE_FAST_GUP</c> in the same release as <c>MMU_GATHER_RCU_TABLE_FREE</c>.</summary>
    AfterBroadcastFlush,

    /// <summary>No release: the table page freed as soon as it is unhooked, without waiting for any CPU. The mutant
    /// against which the lockless walk's safety is measured.</summary>
    AtOnce,
}
