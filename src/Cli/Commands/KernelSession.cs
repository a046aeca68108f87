using PgtableInvariants.Arch.Models;
using PgtableInvariants.KernelOracle;
using PgtableInvariants.KernelOracle.Building;
using PgtableInvariants.KernelOracle.Trees;

namespace PgtableInvariants.Cli.Commands;

/// <summary>Opens the kernel code a command was pointed at with <c>--kernel-tree</c> and <c>--arch</c>: the build
/// (or the cached one) with its progress on stderr, and any problem as one line and exit code 2.</summary>
public static class KernelSession
{
    /// <summary>The kernel code, or null when no tree was given; with <paramref name="models"/>, only the builds that run
    /// them (when the architecture runs any of them).</summary>
    public static KernelCode? Open(CommandContext context, string? tree, string? arch, IReadOnlyCollection<Model>? models = null)
    {
        if (tree is null)
            return arch is null ? null : throw new BadInputException("--arch needs --kernel-tree: the directory of a kernel source tree");
        if (arch is null)
            throw new BadInputException($"--kernel-tree needs --arch {string.Join(", --arch ", OracleTarget.Architectures.SkipLast(1))} or --arch {OracleTarget.Architectures[^1]}");
        try
        {
            var opened = KernelTree.Open(tree);
            context.Error.WriteLine($"kernel tree: {opened.Directory}: {opened.EraNote}");
            return KernelCode.Prepare(opened, arch, line => context.Error.WriteLine($"  {line}"), models);
        }
        catch (OracleSetupError e)
        {
            throw new BadInputException(e.Message);
        }
    }
}
