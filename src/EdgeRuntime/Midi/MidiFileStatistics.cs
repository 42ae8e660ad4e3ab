using EdgeMeta.EdgeRuntime.Midi.Events;

namespace EdgeMeta.EdgeRuntime.Midi;

/// <summary>A summary of a MIDI file: what <c>edgemeta inspect</c> prints and corpus statistics count.</summary>
public sealed record MidiFileStatistics
{
    /// <summary>0, 1 or 2.</summary>
    public required int Format { get; init; }

    /// <summary>Ticks per quarter or SMPTE timing.</summary>
    public required MidiDivision Division { get; init; }

    /// <summary>Number of track chunks.</summary>
    public required int TrackCount { get; init; }

    /// <summary>Name of each track (null where it has none), in file order.</summary>
    public required IReadOnlyList<string?> TrackNames { get; init; }

    /// <summary>Notes per track, in file order.</summary>
    public required IReadOnlyList<int> NotesPerTrack { get; init; }

    /// <summary>Channels 0-15 that carry at least one note, ascending.</summary>
    public required IReadOnlyList<int> ChannelsUsed { get; init; }

    /// <summary>Total notes (see <see cref="MidiFile.ToNotes"/>).</summary>
    public required int NoteCount { get; init; }

    /// <summary>Events in all tracks, End of Track excluded.</summary>
    public required int EventCount { get; init; }

    /// <summary>Length in seconds (latest End of Track).</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>The tempo map's segments (metrical files; empty for SMPTE).</summary>
    public required IReadOnlyList<TempoChange> Tempos { get; init; }

    /// <summary>Time signature events of all tracks, in time order.</summary>
    public required IReadOnlyList<TimeSignatureEvent> TimeSignatures { get; init; }

    /// <summary>Key signature events of all tracks, in time order.</summary>
    public required IReadOnlyList<KeySignatureEvent> KeySignatures { get; init; }

    /// <summary>Summarises <paramref name="file"/>.</summary>
    public static MidiFileStatistics Of(MidiFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var notes = file.ToNotes();
        var events = file.Tracks.SelectMany(t => t.Events).ToList();
        return new MidiFileStatistics
        {
            Format = file.Format,
            Division = file.Division,
            TrackCount = file.Tracks.Count,
            TrackNames = file.Tracks.Select(t => t.Name).ToList(),
            NotesPerTrack = Enumerable.Range(0, file.Tracks.Count).Select(i => notes.Count(n => n.Track == i)).ToList(),
            ChannelsUsed = notes.Select(n => n.Channel).Distinct().Order().ToList(),
            NoteCount = notes.Count,
            EventCount = events.Count,
            DurationSeconds = file.DurationSeconds,
            Tempos = file.TempoMap.Changes,
            TimeSignatures = events.OfType<TimeSignatureEvent>().OrderBy(e => e.Tick).ToList(),
            KeySignatures = events.OfType<KeySignatureEvent>().OrderBy(e => e.Tick).ToList(),
        };
    }
}
