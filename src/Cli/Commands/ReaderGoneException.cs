namespace PgtableInvariants.Cli.Commands;

/// <summary>The reader of stdout went away: the command stops quietly with <see cref="StandardOutput.ReaderGoneStatus"/>.</summary>
public sealed class ReaderGoneException() : Exception("the reader of stdout went away");
