using PgtableInvariants.Arch.Models;
using PgtableInvariants.KernelOracle;
using PgtableInvariants.KernelOracle.Building;
using PgtableInvariants.KernelOracle.Trees;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Properties.KernelOracle;

/// <summary>A kernel walk whose code dies of a signal every time it runs is an oops, the walk's result; a signal that
/// does not recur is sent again and counted; a signal while the address space is mirrored is the oracle's error. The
/// servers here are small shell scripts that answer <c>ok</c> to every mirror request.</summary>
public sealed class KernelWalkerOopsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("pgtable-fake-oops-").FullName;

    private KernelCode Fake(string onGup, string onMm = "echo ok")
    {
        var script = Path.Combine(dir, "run");
        File.WriteAllText(script, $"""
            #!/bin/sh
            echo ready version=6.10.0 arch=s390 config=default levels=3,4,5
            while read a rest; do
              case $a in
                gup) {onGup} ;;
                mm) {onMm} ;;
                *) echo ok ;;
              esac
            done

            """);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var tree = new KernelTree(dir, new KernelVersion(6, 10, 0), KernelEra.V6_10);
        return new KernelCode(tree, "s390", [new OracleBuild(OracleTarget.S390, script, "6.10.0")]);
    }

    private static WalkResult Walk(KernelCode kernel)
    {
        var model = ModelCatalogue.Find("s390/3level")!;
        var walker = kernel.Walker(KernelWalker.GupFastName, model)!;
        return walker.Walk(model.NewAddressSpace(), WalkRange.Create(0x1000, 0x3000), WalkOptions.Default);
    }

    [Fact]
    public void A_signal_that_recurs_is_the_walks_oops_not_an_error()
    {
        using var kernel = Fake("echo 'error signal SIGSEGV pc=405394 addr=855008018f8'");
        var result = Walk(kernel);
        Assert.Equal(WalkFaultKind.Oops, result.Fault?.Kind);
        Assert.Equal("oops: the kernel's kernel/gup-fast died of SIGSEGV pc=405394 addr=855008018f8", result.Fault!.ToString());
        Assert.Empty(result.Pages);
        Assert.Equal(0, kernel.Retries);
    }

    [Fact]
    public void A_signal_that_does_not_recur_is_sent_again_and_counted()
    {
        var once = Path.Combine(dir, "crashed");
        using var kernel = Fake($"if [ -e {once} ]; then echo 'ok 2 1 2 ;'; else touch {once}; echo 'error signal SIGSEGV pc=0 addr=0'; fi");
        var result = Walk(kernel);
        Assert.Null(result.Fault);
        Assert.Equal(2UL, result.PageCount);
        Assert.Equal(1, kernel.Retries);
    }

    [Fact]
    public void A_signal_while_mirroring_is_the_oracles_error()
    {
        using var kernel = Fake("echo 'ok 0 ;'", onMm: "echo 'error signal SIGBUS pc=1 addr=2'");
        Assert.Contains("refused 'mm", Assert.Throws<OracleError>(() => Walk(kernel)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stub_reached_by_the_walk_stays_the_oracles_error()
    {
        using var kernel = Fake("echo 'error stub down_read'");
        Assert.Contains("error stub down_read", Assert.Throws<OracleError>(() => Walk(kernel)).Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
