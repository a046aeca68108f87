namespace PgtableInvariants.KernelOracle.Building;

/// <summary>A built server: the script that starts it (natively or under qemu-user) and what it was built from.</summary>
public sealed record OracleBuild(OracleTarget Target, string RunScript, string Version)
{
    public override string ToString() => $"{Target} from Linux {Version}: {RunScript}";
}
