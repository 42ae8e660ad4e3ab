using EdgeMeta.EdgeRuntime.Midi.Live;

namespace EdgeMeta.EdgeRuntime.Tests.Faults;

/// <summary>What a listener would still hear sounding after a stream of messages: every note-on not followed by its note-off or an all-notes-off on its channel.</summary>
internal static class HangingNotes
{
    public static IReadOnlyCollection<(int Channel, int Pitch)> In(IEnumerable<MidiMessage> messages)
    {
        var open = new HashSet<(int Channel, int Pitch)>();
        foreach (var m in messages)
        {
            if (m.IsNoteOn)
            {
                open.Add((m.Channel, m.Data1));
            }
            else if (m.IsNoteOff)
            {
                open.Remove((m.Channel, m.Data1));
            }
            else if (m.IsControlChange && m.Data1 is MidiMessage.AllNotesOffController or 120)
            {
                open.RemoveWhere(n => n.Channel == m.Channel);
            }
        }

        return open;
    }
}
