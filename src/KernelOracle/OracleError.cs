using PgtableInvariants.Walkers;

namespace PgtableInvariants.KernelOracle;

/// <summary>The kernel's real code could not answer: its server crashed, hung, reached a stubbed symbol, or
/// answered what the protocol does not allow. A result of its own, never a verdict.</summary>
public sealed class OracleError : WalkerError
{
    public OracleError(string message)
        : base(message)
    {
    }

    public OracleError(string message, Exception inner)
        : base(message, inner)
    {
    }

    public OracleError()
    {
    }

    /// <summary>The server answered what oracle/PROTOCOL.md does not allow.</summary>
    public static OracleError Malformed(Protocol.OracleAnswer answer) => new($"the oracle answered what the protocol does not allow: '{answer}'");
}
