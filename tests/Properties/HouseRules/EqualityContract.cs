namespace PgtableInvariants.Properties.HouseRules;

/// <summary>The one helper that checks a value type's equality contract, as NodaTime's <c>TestHelper</c> does.</summary>
public static class EqualityContract
{
    /// <summary><paramref name="a"/> and <paramref name="same"/> are equal values made separately; <paramref name="other"/> differs.</summary>
    public static void Check<T>(T a, T same, T other)
        where T : IEquatable<T>
    {
        Assert.True(a.Equals(same));
        Assert.True(a.Equals((object?)same));
        Assert.Equal(a.GetHashCode(), same.GetHashCode());
        Assert.False(a.Equals(other));
        Assert.False(a.Equals((object?)other));
        Assert.False(a.Equals(null));
        Assert.Equal(a.ToString(), same.ToString());
        Assert.NotEqual(a.ToString(), other.ToString());
    }
}
