using EdgeMeta.EdgeRuntime.Duet;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>What a live duet session needs: the model, the ports, the performer and what to keep.</summary>
public sealed record LiveSessionOptions
{
    /// <summary>Model folder.</summary>
    public required string Model { get; init; }

    /// <summary>Input port spec (raw:, seq:, fifo:, file:).</summary>
    public required string In { get; init; }

    /// <summary>Output port spec.</summary>
    public required string Out { get; init; }

    /// <summary>Performer profile to start from and update at the end (online Reptile); null plays from the meta-learned init.</summary>
    public string? Profile { get; init; }

    /// <summary>Profile folder; null for <see cref="Profiles.ProfileStore.DefaultRoot"/>.</summary>
    public string? ProfilesDirectory { get; init; }

    /// <summary>Folder to save the session into as a MIDI file; null records nothing.</summary>
    public string? RecordDirectory { get; init; }

    /// <summary>How a <c>file:</c> input is read (strict by default; lenient reads damaged files as far as they go).</summary>
    public Midi.MidiReadSettings? FileInput { get; init; }

    /// <summary>Sampler seed (reproducible answers).</summary>
    public int? Seed { get; init; }

    /// <summary>Engine mode, capture, timing and mappings.</summary>
    public EngineSettings Engine { get; init; } = new();

    /// <summary>Phrasing and bounds of the duet (its rest is the capture's, see <see cref="LiveSession.Open"/>).</summary>
    public DuetSettings Duet { get; init; } = new();
}
