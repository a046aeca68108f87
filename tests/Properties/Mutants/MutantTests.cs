using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Arch.Architectures.S390;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.Walkers;

namespace PgtableInvariants.Properties.Mutants;

/// <summary>Properties that hold on the real models fail on mutants that break one helper: the suite can fail.</summary>
public sealed class MutantTests
{
    /// <summary>10.4: <c>boundary &lt; end ? boundary : end</c> without the "- 1": a boundary that wrapped to 0 is taken.</summary>
    private sealed class NaiveAddrEnd(IArchitecture inner) : MutantArchitecture(inner)
    {
        public override VirtualAddress AddrEnd(Level level, VirtualAddress addr, VirtualAddress end)
        {
            var size = Geometry[level].Size;
            var boundary = unchecked((addr.Value + size) & ~(size - 1));
            return Geometry[level].Fold == FoldKind.Static ? end : new VirtualAddress(boundary < end.Value ? boundary : end.Value);
        }
    }

    /// <summary>10.10: the static <c>pgd_index</c> (shift 53) in s390's <c>pgd_offset</c>, with the post-5.2 offsets.</summary>
    private sealed class StaticPgdIndex(S390Architecture inner) : DynamicMutantArchitecture<S390Architecture>(inner)
    {
        public override EntryPointer PgdOffset(IMemory memory, AddressSpace mm, VirtualAddress addr) =>
            new EntryPointer(Level.Pgd, mm.Pgd) + Index(Level.Pgd, addr);
    }

    /// <summary><c>pmd_addr_end</c> with half of PMD_SIZE: the loop steps twice per entry.</summary>
    private sealed class PmdAddrEndHalfSize(IArchitecture inner) : MutantArchitecture(inner)
    {
        public override VirtualAddress AddrEnd(Level level, VirtualAddress addr, VirtualAddress end) =>
            level == Level.Pmd ? LevelGeometry.AddrEnd(addr, end, Geometry[Level.Pmd].Size / 2) : Inner.AddrEnd(level, addr, end);
    }

    /// <summary><c>pte_mkold</c> that forgets to clear the young bit.</summary>
    private sealed class MkOldKeepsYoung(IArchitecture inner) : MutantArchitecture(inner)
    {
        public override Entry MkOld(Entry entry) => entry;
    }

    /// <summary>A 5-level <c>p4d_offset</c> that folds p4d although it is real.</summary>
    private sealed class P4dAlwaysFolded(IArchitecture inner) : MutantArchitecture(inner)
    {
        public override EntryPointer Offset(IMemory memory, EntryPointer parentp, VirtualAddress addr) =>
            parentp.Level == Level.Pgd ? parentp.As(Level.P4d) : Inner.Offset(memory, parentp, addr);
    }

    /// <summary>The model with one helper broken, named <c>config+what</c> (a v5.8 model's name is its configuration).</summary>
    private static Model Mutant(Model model, string what, IArchitecture arch) => model with { Config = $"{model.Config}+{what}", Arch = arch };

    private static CheckResult Check(string id, Model model, string? walker = null) =>
        InvariantCatalogue.Find(id)!.Check(model, walker, RunConfig.Default with { MaxTests = 300 });

    [Fact]
    public void AddrEnd_NaiveFormula_IsFalsifiedAtTheTopOfTheSpace()
    {
        var model = Mutant(ModelCatalogue.X86FourLevel, "naive-addr-end", new NaiveAddrEnd(ModelCatalogue.X86FourLevel.Arch));
        var result = Check("addr-end", model);
        Assert.Equal(Verdict.Falsified, result.Verdict);
        Assert.Contains("outside (addr, end]", result.Violation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WalkerCatalogue.PageWalk)]
    [InlineData(WalkerCatalogue.GupSlow)]
    public void WalkMatchesHardware_StaticPgdIndexOnS390_IsFalsified(string walker)
    {
        var model = Mutant(ModelCatalogue.S390ThreeLevel, "static-pgd-index", new StaticPgdIndex((S390Architecture)ModelCatalogue.S390ThreeLevel.Arch));
        Assert.Equal(Verdict.Falsified, Check("walk-matches-hardware", model, walker).Verdict);
    }

    [Fact]
    public void Iterator_PmdAddrEndWithHalfTheSize_IsFalsifiedOnX86()
    {
        var model = Mutant(ModelCatalogue.X86FourLevel, "pmd-addr-end-half", new PmdAddrEndHalfSize(ModelCatalogue.X86FourLevel.Arch));
        var result = Check("iterator", model, WalkerCatalogue.PageWalk);
        Assert.Equal(Verdict.Falsified, result.Verdict);
        Assert.StartsWith("pmdp++", result.Violation, StringComparison.Ordinal);
    }

    [Fact]
    public void EntryHelpers_MkOldThatKeepsYoung_IsFalsified()
    {
        var model = Mutant(ModelCatalogue.X86FourLevel, "mkold-keeps-young", new MkOldKeepsYoung(ModelCatalogue.X86FourLevel.Arch));
        var result = Check("entry-helpers", model);
        Assert.Equal(Verdict.Falsified, result.Verdict);
        Assert.Contains("_mkold", result.Violation, StringComparison.Ordinal);
    }

    [Fact]
    public void GupFastPrefix_P4dFoldedOnAFiveLevelMm_IsFalsified()
    {
        var model = Mutant(ModelCatalogue.X86FiveLevel, "p4d-always-folded", new P4dAlwaysFolded(ModelCatalogue.X86FiveLevel.Arch));
        Assert.Equal(Verdict.Falsified, Check("walk-matches-hardware", model, WalkerCatalogue.PageWalk).Verdict);
        Assert.Equal(Verdict.Falsified, Check("gup-fast-prefix", model, WalkerCatalogue.GupFastV59).Verdict);
    }
}
