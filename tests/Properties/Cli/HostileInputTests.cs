using System.CommandLine;
using PgtableInvariants.Cli;

namespace PgtableInvariants.Properties.Cli;

/// <summary>Input a user can type by mistake or on purpose: each gets the right result or one line on stderr and exit
/// code 2, never a hang, a stack trace, a .NET name, or silent acceptance of nonsense.</summary>
public sealed class HostileInputTests
{
    private static readonly string[] Trace = ["trace", "--model", "x86-64/4level", "--walker", "pagewalk", "--start", "0x1000", "--end", "0x3000"];

    private static readonly string[] OneCheck = ["check", "--invariant", "geometry", "--model", "x86-64/4level", "--max-tests", "1"];

    private static string[] TraceFrom(string start) => ["trace", "--model", "x86-64/4level", "--walker", "pagewalk", "--start", start, "--end", "0x3000"];

    /// <summary>A directory with <c>mm/</c> but no top Makefile, and an empty one: neither is a kernel tree.</summary>
    private static readonly string NoMakefile = Directory.CreateTempSubdirectory("pgtable-no-makefile-").CreateSubdirectory("mm").Parent!.FullName;

    private static readonly string Empty = Directory.CreateTempSubdirectory("pgtable-empty-").FullName;

    /// <summary>Arguments, the exit code, and a fragment of the one stderr line (exit 2) or of stdout (exit 0).</summary>
    public static TheoryData<string[], int, string> Cases() => new()
    {
        // check: numbers
        { ["check", "--max-tests", "0"], 2, "--max-tests '0' is not a whole number from 1 to 1000000" },
        { ["check", "--max-tests", "-1"], 2, "--max-tests '-1' is not a whole number" },
        { ["check", "--max-tests", "2147483648"], 2, "--max-tests '2147483648' is not a whole number" },
        { ["check", "--max-tests", "1000001"], 2, "--max-tests '1000001' is not a whole number" },
        { ["check", "--max-tests", "1e3"], 2, "--max-tests '1e3' is not a whole number" },
        { ["check", "--max-tests", "\u0661\u0662"], 2, "--max-tests '\u0661\u0662' is not a whole number" },
        { ["check", "--max-tests", "\uff15"], 2, "--max-tests '\uff15' is not a whole number" },
        { ["check", "--max-tests", "+5"], 2, "--max-tests '+5' is not a whole number" },
        { ["check", "--max-tests", " 5"], 2, "--max-tests ' 5' is not a whole number" },
        { ["check", "--max-tests", "1_000"], 2, "--max-tests '1_000' is not a whole number" },
        { ["check", "--max-tests", ""], 2, "--max-tests '' is not a whole number" },
        { ["check", "--max-tests", "1", "--max-tests", "2"], 2, "Option '--max-tests' expects a single argument but 2 were provided" },
        // check: seeds
        { ["check", "--replay", ""], 2, "--replay '' is not a seed" },
        { ["check", "--replay", "(1,2)"], 2, "--replay '(1,2)' is not a seed of the form (seed,gamma) with an odd gamma" },
        { ["check", "--replay", "(18446744073709551616,3)"], 2, "is not a seed" },
        { ["check", "--replay", "(-1,3)"], 2, "is not a seed" },
        { ["check", "--replay", "(1,3"], 2, "--replay '(1,3' is not a seed" },
        { ["check", "--replay", "((1,3))"], 2, "--replay '((1,3))' is not a seed" },
        { ["check", "--replay", "(1,3,5)"], 2, "is not a seed" },
        { ["check", "--replay", "abc"], 2, "--replay 'abc' is not a seed" },
        // check: names, empty, repeated, odd characters
        { ["check", "--model", "X86-64/4LEVEL"], 2, "unknown model 'X86-64/4LEVEL'" },
        { ["check", "--model", "x86-64/4level\n"], 2, "unknown model 'x86-64/4level\\n'" },
        { ["check", "--model", "\u001b[31mred"], 2, "unknown model '\\u001b[31mred'" },
        { ["check", "--model", new string('a', 100_000)], 2, "… (100000 characters in all)' (one of: x86-64/4level" },
        { ["check", "--era", "nonsense"], 2, "unknown era 'nonsense' (one of: v5.8" },
        { ["check", "--era", ""], 2, "--era needs a value: the era, one of: v5.8" },
        { ["check", "--arch", ""], 2, "--arch needs a value: the architecture, one of: s390, x86-64" },
        { ["check", "--walker", "gup-fast/v5.8", "--invariant", "geometry"], 2, "no (invariant, model, walker) cell matches these options" },
        { ["check", "--walker", "kernel/gup-fast"], 2, "no (invariant, model, walker) cell matches these options" },
        { [.. OneCheck, "--model", "x86-64/4level"], 0, "geometry" },
        { [.. OneCheck, "--json", "--json"], 0, "\"geometry\"" },
        // check: words and options that are not its own
        { ["check", "--bogus"], 2, "check has no option '--bogus' (it takes --model, --walker" },
        { ["check", "--svg", "x.svg"], 2, "check has no option '--svg'" },
        { ["check", "--stack-layout", "redzone"], 2, "check has no option '--stack-layout'" },
        { ["check", "--json=false"], 2, "check takes no argument 'false'" },
        { ["check", "x86-64/4level"], 2, "check takes no argument 'x86-64/4level': every value follows its option" },
        { ["check", "--", "--model", "x86-64/4level"], 2, "'--model' comes after '--', which ends the options, and check takes no arguments" },
        { ["check", "@/etc/passwd"], 2, "check takes no argument '@/etc/passwd'" },
        // check: kernel trees
        { ["check", "--kernel-tree", "/etc/passwd", "--arch", "s390"], 2, "--kernel-tree /etc/passwd: a file, not the directory of a kernel source tree" },
        { ["check", "--kernel-tree", "/nonexistent", "--arch", "s390"], 2, "--kernel-tree /nonexistent: no such directory" },
        { ["check", "--kernel-tree", Empty, "--arch", "s390"], 2, "not a kernel source tree" },
        { ["check", "--kernel-tree", NoMakefile, "--arch", "x86-64"], 2, "not a kernel source tree (no top Makefile with VERSION" },
        { ["check", "--arch", "x86-64"], 2, "--arch needs --kernel-tree" },
        // trace
        { [.. Trace, "--stack-layout", ""], 2, "--stack-layout needs a value: the stack layout, one of: caller-copy, redzone, zero" },
        { [.. Trace, "--write=true"], 2, "trace takes no argument 'true'" },
        { [.. Trace, "--max-tests", "5"], 2, "trace has no option '--max-tests'" },
        { [.. Trace, "--start", "0x2000"], 2, "Option '--start' expects a single argument but 2 were provided" },
        { [.. Trace, "--walker", "pagewalk"], 2, "Option '--walker' expects a single argument" },
        { [.. Trace, "--era", ""], 2, "--era needs a value" },
        { [.. Trace, "--arch", "s390"], 2, "--arch needs --kernel-tree" },
        { [.. Trace, "--json", "--json"], 0, "x86-64/4level" },
        { [.. Trace, "--stack-layout", "Zero"], 0, "stack zero" },
        { TraceFrom("\uff10x1000"), 2, "--start '\uff10x1000' is not an address" },
        { TraceFrom("\u0661\u0662"), 2, "is not an address" },
        { TraceFrom("-4096"), 2, "--start '-4096' is not an address" },
        { TraceFrom("0x10000000000000000"), 2, "--start '0x10000000000000000' is not an address" },
        { TraceFrom(""), 2, "--start '' is not an address" },
        { TraceFrom("0x"), 2, "--start '0x' is not an address" },
        { ["trace", "--model", "", "--walker", "pagewalk", "--start", "0x1000", "--end", "0x3000"], 2, "--model needs a value: the model, one of:" },
        { ["trace"], 2, "Option '--model' is required" },
        { ["trace", "--help"], 0, "--stack-layout <caller-copy|redzone|zero>" },
        // list
        { ["list", "--model", "x"], 2, "list has no option '--model' (it takes --kernel-tree)" },
        { ["list", "--json"], 2, "list has no option '--json'" },
        { ["list", "extra"], 2, "list takes no argument 'extra'" },
        { ["list", "--", "extra"], 2, "list takes no argument 'extra'" },
        { ["list", "--kernel-tree", ""], 2, "--kernel-tree '' is empty" },
        { ["list", "--kernel-tree", "/etc/passwd"], 2, "a file, not the directory of a kernel source tree" },
        { ["list", "--kernel-tree", "/nonexistent"], 2, "no such directory" },
        { ["list", "--kernel-tree", Empty], 2, "not a kernel source tree" },
        // the command itself
        { [""], 2, "unknown command '' (one of: check, trace, list)" },
        { ["-"], 2, "unknown command '-'" },
        { ["CHECK"], 2, "unknown command 'CHECK'" },
        { ["@/etc/passwd"], 2, "unknown command '@/etc/passwd'" },
        { ["--json"], 2, "pgtable-invariants has no option '--json' (it takes --help, --version)" },
        { ["--help"], 0, "Usage:" },
        { ["--help", "extra"], 2, "unknown command 'extra'" },
        { ["--version", "extra"], 2, "unknown command 'extra'" },
        { ["check", "--help", "--bogus"], 2, "check has no option '--bogus'" },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Hostile_input_gets_the_right_result_or_one_line_and_exit_code_2(string[] args, int code, string fragment)
    {
        var run = CliRun.Of(args);
        Assert.Equal(code, run.ExitCode);
        if (code == 2)
        {
            var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: ", line, StringComparison.Ordinal);
            Assert.Contains(fragment, line, StringComparison.Ordinal);
            Assert.Empty(run.Output);
        }
        else
        {
            Assert.All(run.ErrorLines, l => Assert.Matches(@"^\[\d+/\d+\] ", l)); // check's progress, nothing else
            Assert.Contains(fragment, run.Output, StringComparison.Ordinal);
        }
        foreach (var leak in new[] { "   at ", "Exception", "(Parameter '", "System.", "\u001b" })
            Assert.DoesNotContain(leak, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_named_twice_is_checked_once()
    {
        var parse = CommandLine.Root().Parse(["check", "--model", "s390/3level", "--model", "s390/3level", "--model", "i386/2level"]);
        Assert.Empty(parse.Errors);
        Assert.Equal(["s390/3level", "i386/2level"], parse.GetValue<string[]>("--model")!);
    }

    [Fact] // A System.CommandLine default parser reports a failure with the .NET type ("as expected type 'System.IO.FileInfo'").
    public void Every_option_parses_its_values_itself_so_no_dotnet_type_can_reach_a_message()
    {
        var options = CommandLine.Root().Subcommands.SelectMany(c => c.Options.Select(o => (Command: c.Name, Option: o)))
            .Where(x => x.Option is not (System.CommandLine.Help.HelpOption or VersionOption)).ToList();
        Assert.NotEmpty(options);
        foreach (var (command, option) in options)
        {
            var custom = option.GetType().GetProperty("CustomParser")!.GetValue(option) is not null;
            var flag = option.ValueType == typeof(bool) && option.Arity.MaximumNumberOfValues == 0;
            Assert.True(custom || flag, $"{command} {option.Name} has neither its own parser nor is a flag without a value");
        }
    }

    [Fact]
    public void Help_shows_no_spelling_the_options_refuse_and_no_dotnet_name()
    {
        foreach (var command in new[] { "check", "trace", "list" })
        {
            var help = CliRun.Of(command, "--help");
            Assert.Equal(0, help.ExitCode);
            foreach (var name in new[] { "CallerCopy", "RedZone", "FileInfo", "System.", "Boolean", "Int32" })
                Assert.DoesNotContain(name, help.Output, StringComparison.Ordinal);
        }
        Assert.Contains("caller-copy (the default), redzone, zero", CliRun.Of("trace", "--help").Output, StringComparison.Ordinal);
    }
}
