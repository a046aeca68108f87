namespace PgtableInvariants.Properties.Cli;

/// <summary>Every kind of bad input gets one line on stderr and exit code 2, never a stack trace.</summary>
public sealed class BadInputTests
{
    private static readonly string[] Trace = ["trace", "--model", "x86-64/4level", "--walker", "pagewalk", "--start", "0x1000", "--end", "0x3000"];

    public static TheoryData<string, string[]> Cases() => new()
    {
        { "unknown model 'arm64/4level'", ["check", "--model", "arm64/4level"] },
        { "unknown walker 'gup-fast/v6.14'", ["check", "--walker", "gup-fast/v6.14"] },
        { "unknown invariant 'no-such'", ["check", "--invariant", "no-such"] },
        { "unknown stack layout 'kasan'", [.. Trace, "--stack-layout", "kasan"] },
        { "is not an address", ["trace", "--model", "x86-64/4level", "--walker", "pagewalk", "--start", "0xzz", "--end", "0x3000"] },
        { "is not page-aligned", ["trace", "--model", "x86-64/4level", "--walker", "pagewalk", "--start", "0x1001", "--end", "0x3000"] },
        { "is not above --start", ["trace", "--model", "x86-64/4level", "--walker", "pagewalk", "--start", "0x3000", "--end", "0x1000"] },
        { "is beyond the reach of x86-64/4level", ["trace", "--model", "x86-64/4level", "--walker", "pagewalk", "--start", "0x1000", "--end", "0x800000000000"] },
        { "the top of the address space) is beyond the reach", ["trace", "--model", "x86-64/4level", "--walker", "pagewalk", "--start", "0x1000", "--end", "0"] },
        { "has no 2G leaf", [.. Trace, "--map", "0x80000000:2G"] },
        { "--model riscv/sv39@v6.1 has no gup_fast", ["trace", "--model", "riscv/sv39@v6.1", "--walker", "gup-fast/v6.1", "--start", "0x1000", "--end", "0x3000"] },
        { "--model riscv/sv48@v5.18 has no gup_fast", ["trace", "--model", "riscv/sv48@v5.18", "--walker", "gup-fast", "--era", "v5.18", "--start", "0x1000", "--end", "0x3000"] },
        { "--model arm64/4k/48 is a configuration: pass --era to pick one of its models (arm64/4k/48@v6.8, arm64/4k/48@v6.10, arm64/4k/48@v6.11, arm64/4k/48@v6.12)", ["trace", "--model", "arm64/4k/48", "--walker", "pagewalk", "--start", "0x1000", "--end", "0x3000"] },
        { "is not 2M-aligned", [.. Trace, "--map", "0x201000:2M"] },
        { "unknown size '3M'", [.. Trace, "--map", "0x200000:3M"] },
        { "overlaps the mapping", [.. Trace, "--map", "0x200000:2M", "--map", "0x201000"] },
        { "is not a whole number from 1 to 1000000", ["check", "--max-tests", "-5"] },
        { "is not a whole number from 1 to 1000000", ["check", "--max-tests", "99999999999"] },
        { "is not a seed", ["check", "--replay", "(12,34"] },
        { "cannot write", [.. Trace, "--svg", "/proc/no-such-dir/walk.svg"] },
        { "Option '--walker' is required", ["trace", "--model", "x86-64/4level", "--start", "0x1000", "--end", "0x3000"] },
        { "unknown command 'frobnicate' (one of: check, trace, list)", ["frobnicate"] },
        { "no (invariant, model, walker) cell matches", ["check", "--invariant", "geometry", "--walker", "pagewalk"] },
        { "--kernel-tree needs --arch s390, --arch x86-64, --arch arm64 or --arch riscv64", ["check", "--kernel-tree", "/tmp"] },
        { "--arch needs --kernel-tree", ["check", "--arch", "s390"] },
        { "unknown architecture 'powerpc'", ["check", "--kernel-tree", "/tmp", "--arch", "powerpc"] },
        { "--kernel-tree '' is empty", ["check", "--kernel-tree", "", "--arch", "s390"] },
        { "no such directory", ["check", "--kernel-tree", "/no/such/tree", "--arch", "s390"] },
        { "not a kernel source tree", ["check", "--kernel-tree", "/tmp", "--arch", "x86-64"] },
        { "not a kernel source tree", ["list", "--kernel-tree", "/tmp"] },
        { "runs a kernel tree's own code: pass --kernel-tree", ["trace", "--model", "s390/3level", "--walker", "kernel/gup-fast", "--start", "0x1000", "--end", "0x3000"] },
        { "unknown era 'v7.0' (one of: v5.8, rfc-v2, v5.9, v5.18, v6.0, v6.1, v6.8, v6.10, v6.11, v6.12)", ["check", "--era", "v7.0"] },
        { "unknown era 'v6.13'", [.. Trace, "--era", "v6.13"] },
        { "--walker gup-fast is a kind of walk: pass --era", ["trace", "--model", "x86-64/4level", "--walker", "gup-fast", "--start", "0x1000", "--end", "0x3000"] },
        { "--model x86-64/4level@v6.1 has the helpers of [v6.1, v6.12), not of v6.12", ["trace", "--model", "x86-64/4level@v6.1", "--walker", "pagewalk", "--era", "v6.12", "--start", "0x1000", "--end", "0x3000"] },
        { "--walker gup-fast/v5.8 models [v5.8, v5.9), not v6.12: pass --walker gup-fast", ["trace", "--model", "s390/3level", "--walker", "gup-fast/v5.8", "--era", "v6.12", "--start", "0x1000", "--end", "0x3000"] },
        { "no (invariant, model, walker) cell matches", ["check", "--era", "rfc-v2", "--walker", "gup-fast/v6.12"] },
        { "Required argument missing for option: '--model'", ["check", "--model="] },
        { "Required argument missing for option: '--invariant'", ["check", "--invariant="] },
        { "Required argument missing for option: '--walker'", ["check", "--walker="] },
        { "Required argument missing for option: '--era'", ["check", "--era="] },
        { "Required argument missing for option: '--model'", ["check", "--model"] },
        { "--model needs a value: the model, one of: x86-64/4level", ["check", "--model", " "] },
        { "--invariant needs a value: the invariant, one of: geometry", ["check", "--invariant", ""] },
        { "--svg '' is empty: pass the name of the file to write", [.. Trace, "--svg", ""] },
        { "--svg /tmp is a directory", [.. Trace, "--svg", "/tmp"] },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Bad_input_is_rejected_with_one_line_and_exit_code_2(string message, string[] args)
    {
        var run = CliRun.Of(args);
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", run.Error, StringComparison.Ordinal);
    }

    [Fact] // The spelling help showed (CallerCopy) and the one list and traces print (caller-copy) give the same walk.
    public void Stack_layout_is_accepted_as_help_shows_it_and_as_dotnet_names_it()
    {
        var kebab = CliRun.Of([.. Trace, "--stack-layout", "caller-copy"]);
        var pascal = CliRun.Of([.. Trace, "--stack-layout", "CallerCopy"]);
        var otherCase = CliRun.Of([.. Trace, "--stack-layout", "REDZONE"]);
        Assert.Equal((0, 0, 0), (kebab.ExitCode, pascal.ExitCode, otherCase.ExitCode));
        Assert.Contains("stack caller-copy", kebab.Output, StringComparison.Ordinal);
        Assert.Equal(kebab.Output, pascal.Output);
        Assert.Contains("stack redzone", otherCase.Output, StringComparison.Ordinal);
    }
}
