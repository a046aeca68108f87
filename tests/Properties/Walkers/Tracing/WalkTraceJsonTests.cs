using System.Text.Json.Nodes;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers.Tracing;

namespace PgtableInvariants.Properties.Walkers.Tracing;

/// <summary>The JSON form of a trace: one object per step with the fields the step has, named as the README shows,
/// and the kind of memory a pointer points into.</summary>
public sealed class WalkTraceJsonTests
{
    private static readonly StackCopy Copy = new(new Entry(Level.Pud, 0x1067), new EntryPointer(Level.Pud, 0x7ff0, 8), "gup_pud_range");

    private static WalkStep Step(Target? into) =>
        new(0, 2, "gup_pud_range", "READ_ONCE(pudp)", new EntryPointer(Level.Pud, 0x7ff8, 8), into, new Entry(Level.Pud, 0x67), new VirtualAddress(0x2000), Decision.Leaf, "a note")
        {
            IsLoad = true,
            OffsetOfNext = new EntryPointer(Level.Pud, 0x8000, 8),
        };

    [Fact]
    public void Step_WithEveryField_IsOneObjectOfThemAll()
    {
        var json = new WalkTrace([Step(new Target.DataFrame(new Pfn(0x5)))]).ToJson();
        Assert.Equal(
            """[{"step":1,"depth":2,"function":"gup_pud_range","helper":"READ_ONCE(pudp)","level":"pud","pointer":"0x7ff8","into":"data page pfn 0x5","intoKind":"data-page","value":"0x67","address":"0x2000","offsetOfNext":"0x8000","load":true,"decision":"leaf","note":"a note"}]""",
            json.ToJsonString());
    }

    [Fact]
    public void Step_WithoutPointerValueOrNote_HasOnlyItsOwnFields()
    {
        var json = new WalkTrace([new WalkStep(4, 0, "walk_pgd_range", "pgd_addr_end", null, null, null, null, Decision.None)]).ToJson();
        Assert.Equal("""[{"step":5,"depth":0,"function":"walk_pgd_range","helper":"pgd_addr_end","decision":"none"}]""", json.ToJsonString());
    }

    public static TheoryData<string, string> Targets => new()
    {
        { "table", "table" },
        { "stack-copy", "copy" },
        { "stack-padding", "padding" },
        { "red-zone", "red zone" },
        { "data-page", "data" },
        { "unmapped", "nothing" },
        { "unmapped", "dead stack" },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void IntoKind_NamesTheMemoryThePointerPointsInto(string kind, string target)
    {
        Target into = target switch
        {
            "copy" => new Target.StackCopySlot(Copy),
            "padding" => new Target.StackPadding(Copy),
            "red zone" => new Target.StackRedZone(Copy),
            "data" => new Target.DataFrame(new Pfn(0x5)),
            "nothing" => Target.Unmapped,
            "dead stack" => new Target.DeadStack(0x40, false),
            _ => TableTarget(),
        };
        var step = new WalkTrace([Step(into)]).ToJson()[0]!;
        Assert.Equal((kind, into.ToString()), (step["intoKind"]!.GetValue<string>(), step["into"]!.GetValue<string>()));
    }

    private static Target TableTarget()
    {
        var mm = ModelCatalogue.X86FourLevel.NewAddressSpace();
        return mm.Memory.Describe(mm.Pgd);
    }

    [Fact] // The text form of the JSON is indented, one field a line.
    public void JsonString_IsIndented()
    {
        var text = new WalkTrace([Step(Target.Unmapped)]).ToJsonString();
        Assert.StartsWith("[\n  {\n    \"step\": 1,\n    \"depth\": 2,\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(new WalkTrace([Step(Target.Unmapped)]).ToJson().ToJsonString(), JsonNode.Parse(text)!.ToJsonString());
    }

    [Fact]
    public void EmptyTrace_RendersAsNoText()
    {
        Assert.Equal("", WalkTrace.Empty.Render());
        Assert.Equal("[]", WalkTrace.Empty.ToJson().ToJsonString());
    }
}
