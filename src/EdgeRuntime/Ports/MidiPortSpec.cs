namespace EdgeMeta.EdgeRuntime.Ports;

/// <summary>A parsed port spec string as given to <c>--in</c> / <c>--out</c>.</summary>
/// <param name="Kind">What kind of port.</param>
/// <param name="Target">The device name, hw address, path or file after the prefix.</param>
public sealed record MidiPortSpec(MidiPortKind Kind, string Target)
{
    /// <summary>
    /// Parses "raw:hw:1,0", "raw:NAME", "/dev/snd/midiC1D0", "seq:NAME", "fifo:/path", "file:x.mid" or a plain path.
    /// </summary>
    /// <exception cref="ArgumentException">The spec is empty or has an empty target.</exception>
    public static MidiPortSpec Parse(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new ArgumentException("MIDI port spec is empty; use raw:hw:1,0, seq:NAME, fifo:/path or file:x.mid.", nameof(spec));
        }

        var (kind, target) = spec switch
        {
            _ when spec.StartsWith("raw:", StringComparison.Ordinal) => (MidiPortKind.AlsaRaw, spec[4..]),
            _ when spec.StartsWith("seq:", StringComparison.Ordinal) => (MidiPortKind.AlsaSequencer, spec[4..]),
            _ when spec.StartsWith("fifo:", StringComparison.Ordinal) => (MidiPortKind.ByteStream, spec[5..]),
            _ when spec.StartsWith("file:", StringComparison.Ordinal) => (MidiPortKind.MidiFile, spec[5..]),
            _ when spec.StartsWith("hw:", StringComparison.Ordinal) => (MidiPortKind.AlsaRaw, spec),
            _ when spec.StartsWith("/dev/snd/midi", StringComparison.Ordinal) => (MidiPortKind.AlsaRaw, spec),
            _ => (MidiPortKind.ByteStream, spec),
        };

        if (target.Length == 0)
        {
            throw new ArgumentException($"MIDI port spec '{spec}' names no device or path after its prefix.", nameof(spec));
        }

        return new MidiPortSpec(kind, target);
    }

    public override string ToString() => Kind switch
    {
        MidiPortKind.AlsaRaw => $"raw:{Target}",
        MidiPortKind.AlsaSequencer => $"seq:{Target}",
        MidiPortKind.MidiFile => $"file:{Target}",
        _ => $"fifo:{Target}",
    };
}
