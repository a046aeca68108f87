using System.Runtime.CompilerServices;

namespace PgtableInvariants.Arch;

/// <summary>Precondition checks with one message format, as NodaTime's <c>Preconditions</c>.</summary>
public static class Guard
{
    private const string ProblemKey = "problem";

    /// <summary>Throws <see cref="ArgumentException"/> naming the argument when <paramref name="condition"/> is false.</summary>
    public static void Argument(bool condition, string parameter, string problem)
    {
        if (!condition)
            throw new ArgumentException($"{parameter}: {problem}", parameter) { Data = { [ProblemKey] = problem } };
    }

    /// <summary>As <see cref="Argument(bool, string, string)"/>, with a message formatted only when the check fails.</summary>
    public static void Argument(bool condition, string parameter, [InterpolatedStringHandlerArgument(nameof(condition))] ref GuardProblemHandler problem)
    {
        if (!condition)
            Argument(false, parameter, problem.ToStringAndClear());
    }

    /// <summary>What a failed <see cref="Argument(bool, string, string)"/> check found, in the user's words: the problem alone, without the
    /// parameter name .NET adds to <see cref="ArgumentException.Message"/>.</summary>
    public static string Problem(ArgumentException e) => e.Data[ProblemKey] as string ?? e.Message;

    /// <summary>Throws <see cref="InvalidOperationException"/> when a model would be built inconsistently.</summary>
    public static void State(bool condition, string problem)
    {
        if (!condition)
            throw new InvalidOperationException(problem);
    }

    /// <summary>As <see cref="State(bool, string)"/>, with a message formatted only when the check fails.</summary>
    public static void State(bool condition, [InterpolatedStringHandlerArgument(nameof(condition))] ref GuardProblemHandler problem)
    {
        if (!condition)
            State(false, problem.ToStringAndClear());
    }
}
