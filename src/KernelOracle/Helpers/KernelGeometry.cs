using System.Globalization;
using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.KernelOracle.Protocol;

namespace PgtableInvariants.KernelOracle.Helpers;

/// <summary>The tree's own <c>PxD_SHIFT</c> and <c>PTRS_PER_PxD</c> as its compiled code sees them for one mm (the
/// server's <c>info</c>: on riscv and x86-64 they follow run-time choices such as <c>pgtable_l5_enabled</c> and
/// <c>pgdir_shift</c>), on the fold kinds of the model that claims the configuration, with the tree's
/// <c>pXd_index</c> of one address.</summary>
/// <param name="Levels">pgd to pte, each with the tree's SHIFT and PTRS_PER (pte: <c>PAGE_SHIFT</c>, <c>PTRS_PER_PTE</c>).</param>
/// <param name="Indices">The tree's <c>pXd_index(addr)</c> per level, null where the tree has no such helper.</param>
public sealed record KernelGeometry(IReadOnlyList<LevelGeometry> Levels, IReadOnlyList<ulong?> Indices)
{
    /// <summary>The requests that ask it, after the mm is mirrored.</summary>
    public static IReadOnlyList<string> Requests(VirtualAddress addr) =>
        ["info", .. LevelExtensions.TopDown.Select(l => $"helper index {l.Name()} {addr.Value.ToString("x", CultureInfo.InvariantCulture)}")];

    /// <summary>Reads the answers to <see cref="Requests"/>; <paramref name="model"/> gives each level's fold kind.</summary>
    /// <exception cref="OracleError">An answer the protocol does not allow.</exception>
    public static KernelGeometry Parse(Geometry model, IReadOnlyList<OracleAnswer> answers)
    {
        var info = answers[0].Fields.Select(f => f.Split('=')).Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => ulong.TryParse(kv[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v) ? v : throw OracleError.Malformed(answers[0]));
        int Value(string key) => info.TryGetValue(key, out var v) && v < int.MaxValue ? (int)v : throw OracleError.Malformed(answers[0]);
        var levels = LevelExtensions.TopDown.Select(l => model[l] with
        {
            Shift = Value(l switch { Level.Pgd => "PGDIR_SHIFT", Level.Pte => "PAGE_SHIFT", _ => $"{l.Name().ToUpperInvariant()}_SHIFT" }),
            PtrsPer = Value($"PTRS_PER_{l.Name().ToUpperInvariant()}"),
        }).ToList();
        var indices = answers.Skip(1).Select(a => a.IsNone ? null : a.IsOk ? (ulong?)a.Hex(0) : throw OracleError.Malformed(a)).ToList();
        return new KernelGeometry(levels, indices);
    }
}
