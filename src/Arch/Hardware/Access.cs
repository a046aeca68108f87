namespace PgtableInvariants.Arch.Hardware;

/// <summary>A user-mode data access.</summary>
public enum Access
{
    Read,
    Write,
}
