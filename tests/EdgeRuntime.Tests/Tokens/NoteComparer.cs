using EdgeMeta.EdgeRuntime.Midi;

namespace EdgeMeta.EdgeRuntime.Tests.Tokens;

/// <summary>Equal notes up to floating-point noise in the times (1 µs); pitch, velocity, channel and track exactly.</summary>
internal sealed class NoteComparer : IEqualityComparer<Note>
{
    public static readonly NoteComparer Instance = new();

    public bool Equals(Note x, Note y) =>
        x.Pitch == y.Pitch && x.Velocity == y.Velocity && x.Channel == y.Channel && x.Track == y.Track
        && Math.Abs(x.Start - y.Start) < 1e-6 && Math.Abs(x.End - y.End) < 1e-6;

    public int GetHashCode(Note obj) => HashCode.Combine(obj.Pitch, obj.Velocity);
}
