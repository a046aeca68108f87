namespace PgtableInvariants.Arch.Architectures;

/// <summary>The architecture defines no such helper at that level and include/linux/pgtable.h's fallback is a
/// <c>BUG()</c> (<c>pud_write</c>, so also <c>pud_access_permitted</c> when asked for a write): the kernel compiles the
/// call and oopses in it, so nothing may ask it, model or kernel.</summary>
/// <remarks>A <see cref="NotSupportedException"/>, as for a helper the kernel lacks, so callers that only ask whether the
/// model answers treat both alike.</remarks>
public sealed class BugFallbackException(string message) : NotSupportedException(message);
