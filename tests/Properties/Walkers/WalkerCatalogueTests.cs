using PgtableInvariants.Arch.Models;
using PgtableInvariants.Walkers;

namespace PgtableInvariants.Properties.Walkers;

/// <summary>Walkers are (kind, era) data: each serves its own era and the released ones after it up to the next era of
/// its kind; RFC v2 only by the walkers written for it.</summary>
public sealed class WalkerCatalogueTests
{
    [Theory]
    [InlineData("pagewalk", "v5.8", "pagewalk")]
    [InlineData("pagewalk", "rfc-v2", "pagewalk/addr-end-folded")]
    [InlineData("pagewalk", "v6.1", "pagewalk")]
    [InlineData("pagewalk", "v6.12", "pagewalk/v6.12")]
    [InlineData("gup-fast", "rfc-v2", "gup-fast/rfc-addr-end-folded")]
    [InlineData("gup-fast", "v5.9", "gup-fast/v5.9")]
    [InlineData("gup-fast", "v5.18", "gup-fast/v5.9")]
    [InlineData("gup-fast", "v6.1", "gup-fast/v6.1")]
    [InlineData("gup-fast", "v6.12", "gup-fast/v6.12")]
    [InlineData("gup-slow", "rfc-v2", "gup-slow")]
    [InlineData("hardware", "v6.12", "hardware")]
    public void InEra_IsTheKindsWalkerOfThatEra(string kind, string era, string walker) =>
        Assert.Equal(walker, WalkerCatalogue.InEra(kind, KernelEra.Find(era)!));

    [Theory]
    [InlineData("pagewalk", "[v5.8, v6.12)", new[] { "v5.8", "v5.9", "v5.18", "v6.0", "v6.1", "v6.8", "v6.10", "v6.11" })]
    [InlineData("pagewalk/addr-end-folded", "rfc-v2", new[] { "rfc-v2" })]
    [InlineData("gup-fast/v5.8", "[v5.8, v5.9)", new[] { "v5.8" })]
    [InlineData("gup-fast/v5.9", "[v5.9, v6.1)", new[] { "v5.9", "v5.18", "v6.0" })]
    [InlineData("gup-fast/v6.1", "[v6.1, v6.12)", new[] { "v6.1", "v6.8", "v6.10", "v6.11" })]
    [InlineData("gup-fast/v6.12", "[v6.12, …)", new[] { "v6.12" })]
    [InlineData("gup-slow", "[v5.8, …)", new[] { "v5.8", "rfc-v2", "v5.9", "v5.18", "v6.0", "v6.1", "v6.8", "v6.10", "v6.11", "v6.12" })]
    public void Walker_ServesTheErasOfItsRange(string walker, string range, string[] eras)
    {
        Assert.Equal(range, WalkerCatalogue.RangeText(walker));
        Assert.Equal(eras, WalkerCatalogue.Eras(walker).Select(e => e.Name));
    }

    [Theory] // A walker meets a model when it serves an era whose helpers the model has, and a gup_fast walker only a model
             // whose kernel builds gup_fast (riscv from 6.8: its 5.18 and 6.1 models meet every walker but gup_fast).
    [InlineData("gup-fast/v6.1", "s390/3level", true)]
    [InlineData("gup-fast/v6.1", "x86-64/4level", false)]
    [InlineData("gup-fast/v6.1", "x86-64/4level@v6.1", true)]
    [InlineData("gup-fast/v6.12", "s390/3level", false)]
    [InlineData("gup-fast/v6.12", "s390/3level@v6.12", true)]
    [InlineData("pagewalk/v6.12", "i386/2level", false)]
    [InlineData("pagewalk/v6.12", "i386/2level@v6.12", true)]
    [InlineData("pagewalk", "x86-64/4level@v6.1", true)]
    [InlineData("pagewalk", "x86-64/4level@v6.12", false)]
    [InlineData("gup-fast/rfc-addr-end-folded", "x86-64/4level", true)]
    [InlineData("gup-fast/rfc-addr-end-folded", "x86-64/4level@v6.1", false)]
    [InlineData("gup-fast/v5.9", "riscv/sv39@v5.18", false)]
    [InlineData("gup-fast/v6.1", "riscv/sv39@v6.1", false)]
    [InlineData("gup-fast/v6.1", "riscv/sv57@v6.1", false)]
    [InlineData("gup-fast/v6.12", "riscv/sv39@v6.12", true)]
    [InlineData("pagewalk", "riscv/sv39@v5.18", true)]
    [InlineData("gup-slow", "riscv/sv48@v6.1", true)]
    [InlineData("hardware", "riscv/sv57@v5.18", true)]
    public void Walker_MeetsTheModelsWhoseHelpersItsErasUse(string walker, string model, bool meets) =>
        Assert.Equal(meets, WalkerCatalogue.Meets(walker, ModelCatalogue.Find(model)!));

    [Fact] // Describe and RangeText are asked only for catalogue names; another name is refused as an unknown walker.
    public void UnknownWalker_IsRefusedByName()
    {
        foreach (var ask in new Func<string, string>[] { WalkerCatalogue.Describe, WalkerCatalogue.RangeText })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => ask("gup-medium"));
            Assert.Equal(("name", "gup-medium"), (e.ParamName, e.ActualValue));
            Assert.StartsWith("unknown walker", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("gup-fast")]
    [InlineData("pagewalk")]
    public void OfKind_ListsTheWalkersOfThatKindAndNoOther(string kind)
    {
        var names = WalkerCatalogue.OfKind(kind);
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Equal(kind, WalkerCatalogue.KindOf(n)));
        Assert.Equal(WalkerCatalogue.Names.Count(w => WalkerCatalogue.KindOf(w) == kind), names.Count);
    }
}
