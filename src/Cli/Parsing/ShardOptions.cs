using System.CommandLine;
using PgtableInvariants.Invariants.Running;

namespace PgtableInvariants.Cli.Parsing;

/// <summary><c>check</c>'s options for a run spread over machines: <c>--shard K/N</c> runs one share of the cases,
/// <c>--merge</c> joins the shares' <c>--json</c> results into the unsharded run's output.</summary>
public static class ShardOptions
{
    public static Option<Shard?> Shard() => new("--shard")
    {
        Description = "Run shard K of N (e.g. 2/4): every cell, but only every Nth case of it; join the shards' --json with --merge.",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Invariants.Running.Shard.TryParse(text, out var shard, out var problem))
                return shard;
            result.AddError($"--shard '{text}' {problem}");
            return null;
        },
    };

    public static Option<string[]> Merge() => new("--merge")
    {
        Description = "Join the --json results of every shard of one run (files, in any order) into its output, text or --json.",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = true,
        CustomParser = result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.Trim().Length == 0))
                result.AddError("--merge '' is empty: pass the --json files of a run's shards");
            return [.. result.Tokens.Select(t => t.Value)];
        },
    };
}
