using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Duet;

/// <summary>Phrases compared by their tokens, so a phrase heard again finds its features.</summary>
internal sealed class PhraseContent : IEqualityComparer<Phrase>
{
    public static PhraseContent Comparer { get; } = new();

    public bool Equals(Phrase? x, Phrase? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.Tokens.AsSpan().SequenceEqual(y.Tokens));

    public int GetHashCode(Phrase obj)
    {
        var hash = new HashCode();
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.Tokens.AsSpan()));
        return hash.ToHashCode();
    }
}
