namespace PgtableInvariants.Walkers.Tracing;

/// <summary>The steps of a walk in fixed chunks of 256, each well below the large-object heap's 85 KB, so a long
/// trace grows without copying and without gen-2 collections.</summary>
internal sealed class StepList : IReadOnlyList<WalkStep>
{
    private const int ChunkShift = 8;
    private const int ChunkSize = 1 << ChunkShift;
    private readonly List<WalkStep[]> chunks = [];

    public int Count { get; private set; }

    public WalkStep this[int index] => chunks[index >> ChunkShift][index & (ChunkSize - 1)];

    public void Add(in WalkStep step)
    {
        if ((Count & (ChunkSize - 1)) == 0)
            chunks.Add(new WalkStep[ChunkSize]);
        chunks[^1][Count & (ChunkSize - 1)] = step;
        Count++;
    }

    public IEnumerator<WalkStep> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
            yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
