using PgtableInvariants.KernelOracle;
using PgtableInvariants.KernelOracle.Trees;

namespace PgtableInvariants.Cli.Commands;

/// <summary>Opens the kernel code a command was pointed at with <c>--kernel-tree</c> and <c>--arch</c>: the build
/// (or the cached one) with its progress on stderr, and any problem as one line and exit code 2.</summary>
public static class KernelSession
{
    /// <summary>The kernel code, or null when no tree was given.</summary>
    public static KernelCode? Open(CommandContext context, string? tree, string? arch)
    {
        if (tree is null)
            return arch is null ? null : throw new BadInputException("--arch needs --kernel-tree: the directory of a kernel source tree");
        if (arch is null)
            throw new BadInputException("--kernel-tree needs --arch s390 or --arch x86-64");
        try
        {
            var opened = KernelTree.Open(tree);
            context.Error.WriteLine($"kernel tree: {opened.Directory}: {opened.EraNote}");
            return KernelCode.Prepare(opened, arch, line => context.Error.WriteLine($"  {line}"));
        }
        catch (OracleSetupError e)
        {
            throw new BadInputException(e.Message);
        }
    }
}
