namespace PgtableInvariants.KernelOracle;

/// <summary>The kernel's code cannot be made ready: a missing or unusable tree, a missing tool, or a failed build.
/// Its message is one line a person can act on (what to install or pass).</summary>
public sealed class OracleSetupError : Exception
{
    public OracleSetupError(string message, bool badInput = true)
        : base(message) => BadInput = badInput;

    public OracleSetupError()
    {
    }

    public OracleSetupError(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>True when the user can fix it by what they pass or install (exit code 2); false for a build that
    /// failed on a tree that looked right.</summary>
    public bool BadInput { get; }
}
