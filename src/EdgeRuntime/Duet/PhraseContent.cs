using System.Runtime.InteropServices;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Duet;

/// <summary>
/// Phrases compared by their tokens, so a phrase heard again finds its features; also by a span of tokens, so a
/// re-cut finds the phrase it made before without making a copy to look it up with.
/// </summary>
internal sealed class PhraseContent : IEqualityComparer<Phrase>, IAlternateEqualityComparer<ReadOnlySpan<int>, Phrase>
{
    public static PhraseContent Comparer { get; } = new();

    public bool Equals(Phrase? x, Phrase? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.Tokens.AsSpan().SequenceEqual(y.Tokens));

    public int GetHashCode(Phrase obj) => GetHashCode(obj.Tokens);

    public bool Equals(ReadOnlySpan<int> alternate, Phrase other) => alternate.SequenceEqual(other.Tokens);

    public int GetHashCode(ReadOnlySpan<int> alternate)
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(alternate));
        return hash.ToHashCode();
    }

    public Phrase Create(ReadOnlySpan<int> alternate) => new(alternate.ToArray());
}
