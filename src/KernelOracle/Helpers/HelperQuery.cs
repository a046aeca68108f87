namespace PgtableInvariants.KernelOracle.Helpers;

/// <summary>One helper asked of the kernel's code: the request line, the answer the model gives for it in the
/// protocol's words, and the call in kernel terms for a person (<c>pud_write(pud 0x…)</c>).</summary>
public sealed record HelperQuery(string Request, string ModelAnswer, string Call)
{
    /// <summary>Null when the kernel's <paramref name="answer"/> agrees (or the tree has no such helper for the
    /// level); otherwise the disagreement with both sides.</summary>
    public string? Disagreement(Protocol.OracleAnswer answer) =>
        (answer.IsNone && ModelAnswer != "none") || answer.Line == ModelAnswer ? null : $"{Call}: the kernel gives '{answer}', the model '{ModelAnswer}'";
}
