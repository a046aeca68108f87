using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Properties.Arch;

/// <summary>gup's references, kept as the runs it takes them in.</summary>
public sealed class PageReferencesTests
{
    [Fact]
    public void Get_CountsAReferenceOnEachPageOfTheRun_AndPutDropsThemAgain()
    {
        var refs = new PageReferences();
        refs.Get(new Pfn(0x100), 3);
        refs.Get(new Pfn(0x103));
        refs.Get(new Pfn(0x101));

        Assert.Equal([0, 1, 2, 1, 1, 0], new ulong[] { 0xff, 0x100, 0x101, 0x102, 0x103, 0x104 }.Select(p => refs.Extra(new Pfn(p))));
        refs.Put(new Pfn(0x101));
        Assert.Equal(1, refs.Extra(new Pfn(0x101)));
        refs.Put(new Pfn(0x103));
        Assert.Equal(0, refs.Extra(new Pfn(0x103)));
        Assert.Equal(1, refs.Extra(new Pfn(0x102)));
    }

    [Fact] // A folio has one count: a reference on any of its pages raises it, once per page taken.
    public void Extra_OfAFolio_CountsTheReferencesOnEveryOneOfItsPages()
    {
        var refs = new PageReferences();
        refs.Get(new Pfn(0x1fe), 4);
        refs.Get(new Pfn(0x3ff));

        Assert.Equal(3, refs.Extra(new Pfn(0x200), 0x200));
        Assert.Equal(2, refs.Extra(new Pfn(0x1fe), 2));
        Assert.Equal(0, refs.Extra(new Pfn(0x400), 0x200));
        Assert.Equal(0, refs.Extra(new Pfn(0x0), 0x1fe));
    }

    [Fact] // gup drops what it took last, when a re-check fails: anything else is a bug of the walker.
    public void Put_OfPagesNotTheLastTaken_IsRefused()
    {
        var refs = new PageReferences();
        refs.Get(new Pfn(0x100), 2);
        Assert.Equal("references put on pfn 0x100 + 1 pages, which were not the last taken",
            Assert.Throws<InvalidOperationException>(() => refs.Put(new Pfn(0x100))).Message);
        Assert.Throws<InvalidOperationException>(() => new PageReferences().Put(new Pfn(0x100)));
    }

    [Fact] // The frames that follow the last ones taken extend their run, as record_subpages takes a leaf's pages at once.
    public void Get_OfTheFramesRightAfterTheLastRun_ExtendsIt()
    {
        var refs = new PageReferences();
        refs.Get(new Pfn(0x100), 2);
        refs.Get(new Pfn(0x102));
        refs.Get(new Pfn(0x200));

        Assert.Equal([(new Pfn(0x100), 3UL), (new Pfn(0x200), 1UL)], refs.Runs);
    }

    [Fact]
    public void Clear_ForgetsEveryReference()
    {
        var refs = new PageReferences();
        refs.Get(new Pfn(0x100), 2);
        refs.Clear();
        Assert.Equal(0, refs.Extra(new Pfn(0x101)));
    }
}
