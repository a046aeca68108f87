namespace PgtableInvariants.Properties.Cli;

/// <summary>Hostile <c>--map</c>, <c>--start</c> and <c>--end</c> values: each is refused with one line that blames the
/// part that is wrong, in the user's words (no .NET parameter name, no doubled word), and exit code 2; or it is valid
/// and gives the right result.</summary>
public sealed class MapInputTests
{
    private static string[] Trace(string model = "x86-64/5level", string start = "0x1000", string end = "0x3000") =>
        ["trace", "--model", model, "--walker", "pagewalk", "--start", start, "--end", end];

    public static TheoryData<string, string[]> Refused() => new()
    {
        // Seen by users: the wrong part was blamed, or .NET's words leaked out.
        { "--map '0x1000=1=2': '0x1000=1=2' has 2 '=' where one fits VA=PFN", [.. Trace(), "--map", "0x1000=1=2"] },
        { "--map '0xfffffffffffff000': 0xfffffffffffff000 (4K) ends at the top of the 64-bit space, above TASK_SIZE_MAX 0xfffffffffff000", [.. Trace(), "--map", "0xfffffffffffff000"] },
        { "--map '0x1000=0xffffffffff': pfn 0xffffffffff overlaps pfn 0xff00000000-0xffffffffff, the frames of page tables and the kernel stack", [.. Trace(), "--map", "0x1000=0xffffffffff"] },
        { "--map '0x201000': 0x201000 (4K) overlaps the mapping 0x200000 (2M, rw-p)", [.. Trace(), "--map", "0x200000:2M", "--map", "0x201000"] },
        // Empty parts.
        { "--map '': empty: expected VA[=PFN][:SIZE][:PROT]", [.. Trace(), "--map", ""] },
        { "--map ':4K': '' is not an address: no digits", [.. Trace(), "--map", ":4K"] },
        { "--map '0x1000:': nothing after ':'", [.. Trace(), "--map", "0x1000:"] },
        { "--map '=5': '' is not an address: no digits", [.. Trace(), "--map", "=5"] },
        { "--map '0x1000=': '' is not a pfn: no digits", [.. Trace(), "--map", "0x1000="] },
        { "--map '0x': '0x' is not an address: no digits", [.. Trace(), "--map", "0x"] },
        // Huge numbers and digits that are not ASCII.
        { "'99999999999999999999999' is not an address: more than 64 bits", [.. Trace(), "--map", "99999999999999999999999"] },
        { "'0x1_0000_0000_0000_0000' is not an address: more than 64 bits", [.. Trace(), "--map", "0x1_0000_0000_0000_0000"] },
        { "'\u0664\u0660\u0669\u0666' is not an address: not a number (0x… hex or decimal, ASCII digits only)", [.. Trace(), "--map", "\u0664\u0660\u0669\u0666"] },
        { "'\uff10x1000' is not an address: not a number", [.. Trace(), "--map", "\uff10x1000"] },
        { "'0x1000=0xfffffffffffffffff=1' has 2 '=' where one fits VA=PFN", [.. Trace(), "--map", "0x1000=0xfffffffffffffffff=1"] },
        { "'0xfffffffffffffffff' is not a pfn: more than 64 bits", [.. Trace(), "--map", "0x1000=0xfffffffffffffffff"] },
        { "pfn 0xfffffffffff is beyond 0xffffffffff, the largest pfn x86-64's entries hold", [.. Trace(), "--map", "0x1000=0xfffffffffff"] },
        // Sizes and protections the model or the syntax lacks.
        { "3 ':' where at most 2 fit VA[=PFN][:SIZE][:PROT]", [.. Trace(), "--map", "0x1000:4K:rw-p:x"] },
        { "'rwx' is neither a size (4K, 16K, 64K, 1M, 2M, 32M, 512M, 1G, 2G) nor a protection as counterexamples print it", [.. Trace(), "--map", "0x1000:rwx"] },
        { "'rw-q' is neither a size", [.. Trace(), "--map", "0x1000:rw-q"] },
        { "'RW-P' is neither a size", [.. Trace(), "--map", "0x1000:RW-P"] },
        { "unknown size 'rw-p' (one of: 4K, 16K, 64K, 1M, 2M, 32M, 512M, 1G, 2G)", [.. Trace(), "--map", "0x1000:rw-p:4K"] },
        { "unknown size '3M'", [.. Trace(), "--map", "0x1000:3M"] },
        { "x86-64/4level has no 1M leaf", [.. Trace("x86-64/4level"), "--map", "0x100000:1M"] },
        { "s390/3level has no 2M leaf", [.. Trace("s390/3level"), "--map", "0x200000:2M:r--p"] },
        // Misaligned huge maps, overlapping huge and small maps in either order, the same page twice.
        { "--map '0x201000:2M': 0x201000 is not 2M-aligned", [.. Trace(), "--map", "0x201000:2M"] },
        { "--map '0x200000=0x201:2M': pfn 0x201 is not 2M-aligned", [.. Trace(), "--map", "0x200000=0x201:2M"] },
        { "--map '0x0:2M': 0x0 (2M) overlaps the mapping 0x1000 (4K, rw-p)", [.. Trace(), "--map", "0x1000", "--map", "0x0:2M"] },
        { "--map '0x1000:r--p': 0x1000 (4K) overlaps the mapping 0x1000 (4K, rw-p)", [.. Trace(), "--map", "0x1000", "--map", "0x1000:r--p"] },
        { "--map '0x40000000:1G': 0x40000000 (1G) overlaps the mapping 0x7fe00000 (2M, rw-p)", [.. Trace(), "--map", "0x7fe00000:2M", "--map", "0x40000000:1G"] },
        // The top page and non-canonical x86 addresses.
        { "0x7ffffffff000 (4K) ends at 0x800000000000, above TASK_SIZE_MAX 0x7ffffffff000", [.. Trace("x86-64/4level"), "--map", "0x7ffffffff000"] },
        { "0x800000000000 (4K) ends at 0x800000001000, above TASK_SIZE_MAX 0x7ffffffff000", [.. Trace("x86-64/4level"), "--map", "0x800000000000"] },
        { "0xffff800000000000 (4K) ends at 0xffff800000001000, above TASK_SIZE_MAX", [.. Trace("x86-64/4level"), "--map", "0xffff800000000000"] },
        { "0xfffffffffffff000 (4K) ends at the top of the 64-bit space, above TASK_SIZE_MAX 0xfffffffffffff000", [.. Trace("s390/5level", "0xffffffffffffe000", "0"), "--map", "0xfffffffffffff000"] },
        { "range [0x800000000000, 0x800000001000) is beyond the reach of x86-64/4level", Trace("x86-64/4level", "0x800000000000", "0x800000001000") },
        // --start and --end.
        { "--start '' is not an address: no digits", Trace(start: "") },
        { "--start '-1' is not an address: not a number", Trace(start: "-1") },
        { "--end '18446744073709551616' is not an address: more than 64 bits", Trace(end: "18446744073709551616") },
        { "--end 0xffffffffffffffff is not page-aligned", Trace(end: "0xffffffffffffffff") },
        { "--end '\u0663\u0660\u0660\u0660' is not an address", Trace(end: "\u0663\u0660\u0660\u0660") },
    };

    [Theory, MemberData(nameof(Refused))]
    public void Hostile_map_start_and_end_values_are_refused_with_one_line_that_blames_the_right_part(string message, string[] args)
    {
        var line = CliRun.Of(args).RefusalLine();
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain("pfn pfn", line, StringComparison.Ordinal);
    }

    public static TheoryData<string[], int, string> Accepted() => new()
    {
        // The last page below TASK_SIZE_MAX, blanks around a map, a size in lower case, every protection letter.
        { ["trace", "--model", "x86-64/4level", "--walker", "pagewalk", "--start", "0x7fffffffe000", "--end", "0x7ffffffff000", "--map", "0x7fffffffe000"], 0, "1 page: 1 as hardware" },
        { [.. Trace(), "--map", " 0x1000 "], 0, "2 pages: 1 as hardware, 1 hole" },
        { [.. Trace(), "--map", "0x1_000:4k"], 0, "2 pages: 1 as hardware, 1 hole" },
        { [.. Trace(), "--map", "4096=0x10:rwxs"], 0, "  map 0x1000 4K pfn 0x10 rwxs" },
        // The hardware may not write a read-only page: slow gup for a write finds none, as the hardware, and agrees.
        { ["trace", "--model", "x86-64/4level", "--walker", "gup-slow", "--start", "0x1000", "--end", "0x2000", "--write", "--map", "0x1000:r--p"], 0, "1 page: 1 hole" },
        // The largest frame below the tables' frames, and the first above them on s390, whose entries hold 52 bits.
        { [.. Trace(), "--map", "0x1000=0xfeffffffff"], 0, "pfn 0xfeffffffff" },
        { [.. Trace("s390/3level"), "--map", "0x1000=0x10000000000"], 0, "pfn 0x10000000000" },
    };

    [Theory, MemberData(nameof(Accepted))]
    public void Valid_but_unusual_maps_give_the_right_result(string[] args, int exitCode, string output)
    {
        var run = CliRun.Of(args);
        Assert.Equal("", run.Error);
        Assert.Equal(exitCode, run.ExitCode);
        Assert.Contains(output, run.Output, StringComparison.Ordinal);
    }
}
