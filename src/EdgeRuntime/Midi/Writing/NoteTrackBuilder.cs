using EdgeMeta.EdgeRuntime.Midi.Events;

namespace EdgeMeta.EdgeRuntime.Midi.Writing;

/// <summary>
/// Turns notes into a format-1 file. Track chunk k holds the notes whose <see cref="Note.Track"/> is k, so
/// file → notes → file keeps track indices; chunk 0 also carries the tempo (a conductor track with notes
/// is legal SMF). Indices without notes become empty tracks.
/// </summary>
internal static class NoteTrackBuilder
{
    /// <summary>Release velocity written in Note Off: the MIDI specification's default for keyboards without release sensing.</summary>
    private const int ReleaseVelocity = 64;
    private const int MaxTrackIndex = 65534;

    public static MidiFile Build(IReadOnlyList<Note> notes, int ticksPerQuarter, double bpm)
    {
        ArgumentNullException.ThrowIfNull(notes);
        if (!double.IsFinite(bpm) || bpm <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bpm), bpm, "tempo must be a positive number of beats per minute");
        }

        var division = MidiDivision.PerQuarter(ticksPerQuarter);
        var micros = (int)Math.Round(60_000_000.0 / bpm);
        if (micros is < 1 or > 0xFFFFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(bpm), bpm, "tempo must be between 3.58 and 60,000,000 bpm to fit in a MIDI file");
        }

        var tempo = new TempoEvent(0, micros);
        var map = new TempoMap(division, [tempo]);
        var timed = new List<TimedNote>(notes.Count);
        for (var i = 0; i < notes.Count; i++)
        {
            Validate(notes[i], i);
            timed.Add(new TimedNote(notes[i], map.ToTicks(notes[i].Start), map.ToTicks(notes[i].End)));
        }

        var trackCount = timed.Count == 0 ? 1 : timed.Max(n => n.Note.Track) + 1;
        var tracks = new List<MidiTrack>(trackCount);
        for (var k = 0; k < trackCount; k++)
        {
            var events = NoteEvents(timed.Where(n => n.Note.Track == k));
            tracks.Add(new MidiTrack(k == 0 ? events.Prepend(tempo) : events));
        }

        return new MidiFile(1, division, tracks);
    }

    /// <summary>
    /// Note On/Off events for one track in the order a reader must see them. Two notes of one key and
    /// channel cannot sound at once in MIDI: an earlier note is cut at the next onset (what
    /// <see cref="MidiFile.ToNotes"/> would read anyway), and notes with the same onset merge into one
    /// that lasts as long as the longest.
    /// </summary>
    private static IEnumerable<MidiEvent> NoteEvents(IEnumerable<TimedNote> notes)
    {
        var cleaned = new List<TimedNote>();
        foreach (var key in notes.GroupBy(n => (n.Note.Channel, n.Note.Pitch)))
        {
            TimedNote? current = null;
            foreach (var note in key.OrderBy(n => n.StartTick))
            {
                if (current is { } c && c.StartTick == note.StartTick)
                {
                    current = c with { EndTick = Math.Max(c.EndTick, note.EndTick) };
                    continue;
                }

                if (current is { } previous)
                {
                    cleaned.Add(previous with { EndTick = Math.Min(previous.EndTick, note.StartTick) });
                }

                current = note;
            }

            if (current is { } last)
            {
                cleaned.Add(last);
            }
        }

        // Within a tick: releases of notes that began earlier, then onsets, then releases of zero-length
        // notes, so a repeated key is released before it is struck again and no release precedes its onset.
        var events = new List<(long Tick, int Order, int Pitch, ChannelEvent Event)>(cleaned.Count * 2);
        foreach (var n in cleaned)
        {
            var (note, start, end) = (n.Note, n.StartTick, n.EndTick);
            events.Add((start, 1, note.Pitch, new ChannelEvent(start, ChannelMessageType.NoteOn, note.Channel, note.Pitch, note.Velocity)));
            events.Add((end, end == start ? 2 : 0, note.Pitch, new ChannelEvent(end, ChannelMessageType.NoteOff, note.Channel, note.Pitch, ReleaseVelocity)));
        }

        return events
            .OrderBy(e => e.Tick).ThenBy(e => e.Order).ThenBy(e => e.Event.Channel).ThenBy(e => e.Pitch)
            .Select(e => (MidiEvent)e.Event)
            .ToList();
    }

    private static void Validate(Note note, int index)
    {
        var problem = note switch
        {
            { Pitch: < 0 or > 127 } => $"pitch {note.Pitch} is outside 0-127",
            { Velocity: < 1 or > 127 } => $"velocity {note.Velocity} is outside 1-127",
            { Channel: < 0 or > 15 } => $"channel {note.Channel} is outside 0-15",
            { Track: < 0 or > MaxTrackIndex } => $"track {note.Track} is outside 0-{MaxTrackIndex}",
            _ when !double.IsFinite(note.Start) || !double.IsFinite(note.End) || note.Start < 0 || note.End < note.Start
                => $"times {note.Start}..{note.End} s are not finite, not increasing or negative",
            _ => null,
        };
        if (problem is not null)
        {
            throw new ArgumentException($"note {index}: {problem}");
        }
    }

    private readonly record struct TimedNote(Note Note, long StartTick, long EndTick);
}
