using PgtableInvariants.Cli;
using PgtableInvariants.Cli.Commands;

return CommandLine.Run(args, GuardedWriter.ProcessOutput(), GuardedWriter.ProcessError());
