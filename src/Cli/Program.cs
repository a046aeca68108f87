using PgtableInvariants.Cli;
using PgtableInvariants.Cli.Commands;

return CommandLine.Run(args, GuardedWriter.Output(GuardedWriter.StandardOutput()), GuardedWriter.Error(Console.Error));
