namespace PgtableInvariants.Cli.Commands;

/// <summary>Input the parser could not judge alone (an overlapping map, a range beyond reach): one line, exit code 2.</summary>
public sealed class BadInputException(string message) : Exception(message);
