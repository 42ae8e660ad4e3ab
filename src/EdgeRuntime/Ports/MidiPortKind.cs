namespace EdgeMeta.EdgeRuntime.Ports;

/// <summary>Which kind of port a spec string names.</summary>
public enum MidiPortKind
{
    /// <summary>ALSA raw MIDI: "raw:hw:1,0", "raw:mio", "/dev/snd/midiC1D0".</summary>
    AlsaRaw,
    /// <summary>ALSA sequencer: "seq:NAME" (a virtual port of that name, or a subscription to that port).</summary>
    AlsaSequencer,
    /// <summary>Any byte stream: "fifo:/tmp/in" or a plain path (FIFO, pty).</summary>
    ByteStream,
    /// <summary>"file:phrases.mid": a MIDI file played into the engine in real time (input only).</summary>
    MidiFile,
}
