using System.Text.Json.Nodes;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Properties.Walkers;

/// <summary>Traces are stable text a reviewer can approve, and structured data for JSON.</summary>
public sealed class WalkTraceTests
{
    private static WalkResult Failure()
    {
        var model = ModelCatalogue.S390ThreeLevel;
        var mm = model.NewAddressSpace();
        foreach (var va in new[] { 0x100_7fff_f000UL, 0x100_8000_0000UL, 0x100_0000_0000UL })
            mm.Map(new VirtualAddress(va), new Pfn(va >> 12));
        return WalkerCatalogue.Find("gup-fast/v5.8", model)!.Walk(mm, WalkRange.Create(0x100_7fff_f000, 0x100_8000_1000), WalkOptions.Default);
    }

    [Fact]
    public void Trace_OfTheSameWalk_IsTheSameText()
    {
        Assert.Equal(Failure().Trace.Render(), Failure().Trace.Render());
    }

    [Fact] // the line that explains the s390 bug: the increment lands on the caller's copy, not on pud_offset(&p4d, next).
    public void Trace_ShowsThePointerLeavingTheCopy()
    {
        var text = Failure().Trace.Render();
        Assert.Contains("pudp++             000ffffffffffff0 -> stack copy of pgd in gup_p4d_range   (!= pudp offset of next 000fffffffffffe8)", text, StringComparison.Ordinal);
        Assert.Contains("pages[(*nr)++] 0x10080000000  pin  pfn 0x10000000", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_AsJson_HasOneObjectPerStep()
    {
        var result = Failure();
        var json = JsonNode.Parse(result.Trace.ToJsonString())!.AsArray();
        Assert.Equal(result.Trace.Steps.Count, json.Count);
        var escape = json.First(s => s!["helper"]!.GetValue<string>() == "pudp++" && s["offsetOfNext"] is not null)!;
        Assert.Equal("stack-copy", escape["intoKind"]!.GetValue<string>());
        Assert.Equal("0xffffffffffff0", escape["pointer"]!.GetValue<string>());
    }

    [Fact] // one numbering for the text trace, the JSON and the picture: "step 37" is the same step everywhere.
    public void Step_numbers_count_from_one_and_are_the_same_in_text_and_json()
    {
        var result = Failure();
        var lines = result.Trace.Render().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var json = JsonNode.Parse(result.Trace.ToJsonString())!.AsArray();
        Assert.Equal(result.Trace.Steps.Count, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            Assert.Equal(number, result.Trace.Steps[i].Number);
            Assert.Equal(number.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[i].TrimStart().Split(' ')[0]);
            Assert.EndsWith(result.Trace.Steps[i].ToString(), lines[i], StringComparison.Ordinal);
            Assert.Equal(number, json[i]!["step"]!.GetValue<int>());
        }
        var escape = result.Trace.Steps.First(s => s.Helper == "pudp++" && s.OffsetOfNext is not null);
        Assert.StartsWith($"{escape.Number} ", lines[escape.Index], StringComparison.Ordinal);
    }

    [Fact]
    public void A_fault_names_the_number_of_its_own_step()
    {
        var model = ModelCatalogue.S390ThreeLevel;
        var mm = model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x7fff_f000), new Pfn(0x7ffff));
        var walk = WalkerCatalogue.Find("gup-fast/v5.8", model)!.Walk(mm, WalkRange.Create(0x7fff_f000, 0x8000_1000), WalkOptions.Default with { StackLayout = StackLayout.RedZone });
        var fault = Assert.IsType<WalkFault>(walk.Fault);
        var step = walk.Trace.Steps.Single(s => s.Number == fault.Step);
        Assert.Equal(PgtableInvariants.Walkers.Tracing.Decision.Fault, step.Decision);
    }

    [Fact]
    public void Walk_WithTracingOff_HasNoStepsButTheSameResult()
    {
        var model = ModelCatalogue.S390ThreeLevel;
        var mm = model.NewAddressSpace();
        mm.Map(new VirtualAddress(0x100_0000_0000), new Pfn(0x1000));
        var walker = WalkerCatalogue.Find("pagewalk", model)!;
        var range = WalkRange.Create(0x100_0000_0000, 0x100_0000_4000);
        var traced = walker.Walk(mm, range, WalkOptions.Default);
        var quiet = walker.Walk(mm, range, WalkOptions.Default with { Trace = false, StackLayout = StackLayout.CallerCopy });
        Assert.Empty(quiet.Trace.Steps);
        Assert.Equal(traced.Pages, quiet.Pages);
        Assert.Equal(traced.Loads, quiet.Loads);
    }
}
