using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.Walkers.Results;

namespace PgtableInvariants.Properties.HouseRules;

/// <summary>Every domain value type keeps the equality contract and renders in kernel style.</summary>
public sealed class ValueTypeTests
{
    [Fact]
    public void VirtualAddress_IsAValue() =>
        EqualityContract.Check(new VirtualAddress(0x7ffff000), new VirtualAddress(0x7ffff000), new VirtualAddress(0x80000000));

    [Fact]
    public void Pfn_IsAValue() => EqualityContract.Check(new Pfn(0x7ffff), new Pfn(0x7ffff), new Pfn(0x80000));

    [Fact]
    public void Entry_IsAValue_WhoseLevelMatters() =>
        EqualityContract.Check(new Entry(Level.Pud, 0x24), new Entry(Level.Pud, 0x24), new Entry(Level.Pmd, 0x24));

    [Fact]
    public void EntryPointer_IsOnlyAnAddressOfALevel() =>
        EqualityContract.Check(new EntryPointer(Level.Pud, 0x1000), new EntryPointer(Level.Pud, 0x1000), new EntryPointer(Level.Pud, 0x1008));

    [Fact]
    public void PageSize_IsAValue() =>
        EqualityContract.Check(new PageSize(Level.Pmd, 1UL << 21, 12), new PageSize(Level.Pmd, 1UL << 21, 12), new PageSize(Level.Pud, 1UL << 30, 12));

    [Fact]
    public void WalkRange_IsAValue() =>
        EqualityContract.Check(WalkRange.Create(0x1000, 0x3000), WalkRange.Create(0x1000, 0x3000), WalkRange.Create(0x1000, 0));

    [Fact]
    public void Seed_IsAValue() => EqualityContract.Check(new Seed(1, 3), new Seed(1, 3), new Seed(1, 5));

    [Fact]
    public void Shard_IsAValue_ThatRefusesAnIndexOutsideOneToCount()
    {
        EqualityContract.Check(new Shard(2, 4), new Shard(2, 4), new Shard(2, 3));
        Assert.Throws<ArgumentException>(() => new Shard(0, 3));
        Assert.Throws<ArgumentException>(() => new Shard(4, 3));
        Assert.Throws<ArgumentException>(() => new Shard(1, 0));
        Assert.Equal("2/4", new Shard(2, 4).ToString());
    }

    [Fact]
    public void Shard_EvaluatesEveryCountthCaseFromItsIndex() =>
        Assert.Equal([1, 5, 9], Enumerable.Range(0, 12).Where(new Shard(2, 4).Evaluates));

    [Fact] // A C pointer wraps modulo 2^64, and a cast keeps the address.
    public void EntryPointer_IncrementWrapsAndCastKeepsTheAddress()
    {
        var p = new EntryPointer(Level.Pte, ulong.MaxValue - 7);
        p++;
        Assert.Equal(0UL, p.Address);
        Assert.Equal(new EntryPointer(Level.Pmd, 0), p.As(Level.Pmd));
    }
}
