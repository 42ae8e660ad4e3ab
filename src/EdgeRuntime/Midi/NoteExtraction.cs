using EdgeMeta.EdgeRuntime.Midi.Events;

namespace EdgeMeta.EdgeRuntime.Midi;

/// <summary>Pairs Note On and Note Off events into <see cref="Note"/>s (rules in <see cref="MidiFile.ToNotes"/>).</summary>
internal static class NoteExtraction
{
    public static IReadOnlyList<Note> Extract(MidiFile file)
    {
        var notes = new List<Note>();
        var sounding = new Dictionary<int, (long Tick, int Velocity)>();
        for (var trackIndex = 0; trackIndex < file.Tracks.Count; trackIndex++)
        {
            var track = file.Tracks[trackIndex];
            var map = file.TempoMapOf(trackIndex);
            sounding.Clear();
            foreach (var e in track.Events)
            {
                if (e is not ChannelEvent c || !(c.IsNoteOn || c.IsNoteOff))
                {
                    continue;
                }

                var key = (c.Channel << 7) | c.Data1;
                if (sounding.Remove(key, out var started))
                {
                    notes.Add(MakeNote(map, key, started, c.Tick, trackIndex));
                }

                if (c.IsNoteOn)
                {
                    sounding[key] = (c.Tick, c.Data2);
                }
            }

            foreach (var (key, started) in sounding)
            {
                notes.Add(MakeNote(map, key, started, track.EndTick, trackIndex));
            }
        }

        return notes
            .OrderBy(n => n.Start).ThenBy(n => n.Pitch).ThenBy(n => n.Channel).ThenBy(n => n.Track)
            .ToList();
    }

    private static Note MakeNote(TempoMap map, int key, (long Tick, int Velocity) started, long endTick, int track) =>
        new(key & 0x7F, started.Velocity, map.ToSeconds(started.Tick), map.ToSeconds(endTick), key >> 7, track);
}
