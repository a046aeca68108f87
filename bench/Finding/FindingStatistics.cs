using System.Globalization;

namespace PgtableInvariants.Bench.Finding;

/// <summary>What a finding experiment measured of one generator or scheduler over its seeds, and the table row it makes.</summary>
/// <param name="Found">The seeds that found the bug.</param>
/// <param name="Cases">Cases until the first failure, per seed that found it.</param>
/// <param name="Millis">Wall time until the shrunk counterexample, per seed that found it.</param>
/// <param name="Minimal">The seeds whose shrunk counterexample was the minimal one.</param>
internal sealed record FindingStatistics(List<int> Found, List<double> Cases, List<double> Millis, int Minimal)
{
    /// <summary>The markdown row: name, generator, seeds that found it within <paramref name="budget"/> cases, the median
    /// and worst of cases and time, and how many shrank to the minimal counterexample.</summary>
    public string Row(string name, string generator, int seeds, int budget)
    {
        static string Stat(List<double> values, string unit) => values.Count == 0 ? "-" : $"{Median(values):0.#}{unit} / {values.Max():0.#}{unit}";
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {generator} | {Found.Count}/{seeds} seeds within {budget} cases | {Stat(Cases, "")} | {Stat(Millis, " ms")} | {Minimal}/{Found.Count} |");
    }

    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
