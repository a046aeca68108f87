namespace PgtableInvariants.Arch;

/// <summary>Precondition checks with one message format, as NodaTime's <c>Preconditions</c>.</summary>
public static class Guard
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the argument when <paramref name="condition"/> is false.</summary>
    public static void Argument(bool condition, string parameter, string problem)
    {
        if (!condition)
            throw new ArgumentException($"{parameter}: {problem}", parameter);
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> when a model would be built inconsistently.</summary>
    public static void State(bool condition, string problem)
    {
        if (!condition)
            throw new InvalidOperationException(problem);
    }
}
