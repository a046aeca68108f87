using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Walkers.GupFast;

/// <summary>A check of the range the entry point makes before the fast walk, with what it returns when it refuses.</summary>
/// <param name="Name">The check as the kernel writes it.</param>
/// <param name="Returns">What the entry point returns then.</param>
/// <param name="Refuses">True for a range the check refuses.</param>
public sealed record GupRangeCheck(string Name, string Returns, Func<IArchitecture, WalkRange, bool> Refuses)
{
    /// <summary>5.8/5.9 <c>end = start + len; if (end &lt;= start) return 0;</c> (mm/gup.c 5.8:2760): the model's ranges
    /// end above their start or at 0, the top, where <c>start + len</c> wrapped.</summary>
    public static GupRangeCheck EndNotAboveStart { get; } = new("end <= start", "return 0", (_, r) => r.End.Value <= r.Start.Value);

    /// <summary>6.1 <c>if (check_add_overflow(start, len, &amp;end)) return 0;</c> (mm/gup.c 6.1:3060).</summary>
    public static GupRangeCheck AddOverflowReturnsZero { get; } = new("check_add_overflow(start, len, &end)", "return 0", (_, r) => r.End.Value <= r.Start.Value);

    /// <summary>6.12 <c>gup_fast_fallback</c>: overflow is <c>-EOVERFLOW</c> (mm/gup.c 6.12:3459-3460).</summary>
    public static GupRangeCheck AddOverflow { get; } = new("check_add_overflow(start, len, &end)", "-EOVERFLOW", (_, r) => r.End.Value <= r.Start.Value);

    /// <summary>6.12 <c>if (end &gt; TASK_SIZE_MAX) return -EFAULT;</c> (mm/gup.c 6.12:3461).</summary>
    public static GupRangeCheck AboveTaskSizeMax { get; } = new("end > TASK_SIZE_MAX", "-EFAULT", (arch, r) => r.End.Value > arch.TaskSizeMax);
}
