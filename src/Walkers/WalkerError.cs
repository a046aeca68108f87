namespace PgtableInvariants.Walkers;

/// <summary>The walker itself could not run: not something it found in memory (that is a <see cref="Results.WalkFault"/>)
/// but a failure of what runs it, such as the kernel's real code crashing, hanging or reaching a stub in its
/// server process. It is never a verdict on an invariant.</summary>
public class WalkerError : Exception
{
    public WalkerError(string message)
        : base(message)
    {
    }

    public WalkerError(string message, Exception inner)
        : base(message, inner)
    {
    }

    public WalkerError()
    {
    }
}
