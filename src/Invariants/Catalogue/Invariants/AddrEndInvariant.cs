using FsCheck;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.Invariants.Cases;
using PgtableInvariants.Invariants.Generators;
using PgtableInvariants.Invariants.Running;

namespace PgtableInvariants.Invariants.Catalogue.Invariants;

/// <summary><c>pXd_addr_end</c>'s contract, in 65-bit arithmetic where <c>end == 0</c> is 2^64: the result lies in
/// <c>(addr, end]</c> and is a boundary of the level or <c>end</c> itself; a statically folded level gives <c>end</c>.</summary>
public sealed class AddrEndInvariant : Invariant<AddrEndCase>
{
    public override string Id => "addr-end";

    public override string Statement => "pXd_addr_end(addr, end) is in (addr, end], on a level boundary or equal to end, also when end == 0 (the top).";

    public override Expectation Expect(Model model, string? walker) => Expectation.Holds;

    public override Arbitrary<AddrEndCase> Arbitrary(Model model, string? walker, RunConfig config) => ModelCaseGenerators.AddrEnds(model);

    public override Outcome Evaluate(AddrEndCase c, string? walker, RunConfig config, bool trace)
    {
        var arch = c.Model.Arch;
        var end = Extend(c.End.Value);
        return Outcome.FirstOf(arch.Geometry.Levels.Select(l =>
        {
            var next = Extend(arch.AddrEnd(l.Level, c.Addr, c.End).Value);
            var onBoundary = next == end || (l.Fold != FoldKind.Static && next % l.Size == 0);
            return next > c.Addr.Value && next <= end && onBoundary
                ? null
                : $"{l.Level.Name()}_addr_end({c.Addr}, {c.End}) = 0x{(ulong)(next & ulong.MaxValue):x}, outside (addr, end] or off the boundaries";
        }));
    }

    private static UInt128 Extend(ulong address) => address == 0 ? (UInt128)1 << 64 : address;
}
