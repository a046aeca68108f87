using System.Reflection;
using PgtableInvariants.Arch.Architectures;
using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Walkers;

namespace PgtableInvariants.Properties.HouseRules;

/// <summary>House rules over every shipped assembly (NodaTime's <c>ConsistencyTest</c>): no public mutable fields, no
/// grab-bag types, every public type in the namespace of its folder's assembly, domain values immutable.</summary>
public sealed class HouseRuleTests
{
    private static readonly Assembly[] Shipped =
    [
        typeof(IArchitecture).Assembly, typeof(IWalker).Assembly, typeof(IInvariant).Assembly, typeof(PgtableInvariants.Cli.CommandLine).Assembly,
    ];

    private static IEnumerable<Type> PublicTypes => Shipped.SelectMany(a => a.GetExportedTypes());

    [Fact]
    public void No_public_type_has_a_public_mutable_field()
    {
        var offenders = PublicTypes.Where(t => !t.IsEnum)
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(f => !f.IsInitOnly && !f.IsLiteral).Select(f => $"{t.FullName}.{f.Name}"));
        Assert.Empty(offenders);
    }

    [Fact]
    public void No_type_is_a_grab_bag()
    {
        var offenders = Shipped.SelectMany(a => a.GetTypes())
            .Where(t => t.Name.Contains("Util", StringComparison.Ordinal) || t.Name.EndsWith("Helpers", StringComparison.Ordinal) || t.Name == "Common");
        Assert.Empty(offenders.Select(t => t.FullName));
    }

    [Fact]
    public void Every_public_type_lives_under_its_assemblys_namespace()
    {
        var offenders = PublicTypes.Where(t => !t.Namespace!.StartsWith(t.Assembly.GetName().Name!.Replace("pgtable-invariants", "PgtableInvariants.Cli", StringComparison.Ordinal), StringComparison.Ordinal));
        Assert.Empty(offenders.Select(t => t.FullName));
    }

    [Fact]
    public void Domain_values_are_readonly_structs()
    {
        var values = new[]
        {
            typeof(PgtableInvariants.Arch.Addresses.VirtualAddress), typeof(PgtableInvariants.Arch.Addresses.Pfn),
            typeof(PgtableInvariants.Arch.Entries.Entry), typeof(PgtableInvariants.Arch.Entries.EntryPointer),
            typeof(PgtableInvariants.Arch.Entries.PageSize), typeof(PgtableInvariants.Walkers.Results.WalkRange),
            typeof(PgtableInvariants.Walkers.Tracing.WalkStep), typeof(PgtableInvariants.Arch.Hardware.Translation),
        };
        Assert.All(values, t => Assert.True(t.IsValueType && t.GetCustomAttributes().Any(a => a.GetType().Name == "IsReadOnlyAttribute"), t.Name));
    }
}
