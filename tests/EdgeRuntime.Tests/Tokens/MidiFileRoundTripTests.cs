using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Midi.Events;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Tokens;

/// <summary>
/// Acceptance: fixture files the test writes survive file → notes → events → notes → file → notes within
/// quantisation (10 ms, velocity bin). The second pass must give the very same events, so nothing drifts.
/// </summary>
public sealed class MidiFileRoundTripTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"edgemeta-roundtrip-{Guid.NewGuid():N}");
    private readonly PerformanceTokenizer _tokenizer = new();

    public MidiFileRoundTripTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Fixtures() => ["single notes", "chords", "overlapping notes", "long rests", "tempo changes"];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_file_survives_notes_events_notes_file_within_quantisation(string fixture)
    {
        var source = Path.Combine(_folder, "source.mid");
        BuildFixture(fixture).Write(source);

        var original = MidiFile.Read(source).ToNotes();
        var tokens = _tokenizer.Encode(original, 0);
        var decoded = _tokenizer.Decode(tokens);
        var copy = Path.Combine(_folder, "copy.mid");
        MidiFile.FromNotes(decoded).Write(copy);
        var reread = MidiFile.Read(copy).ToNotes();

        Assert.NotEmpty(original);
        Assert.Equal(tokens, _tokenizer.Encode(reread, 0));
        Assert.Equal(decoded.Count, reread.Count);
        foreach (var (expected, actual) in decoded.Zip(reread))
        {
            Assert.Equal((expected.Pitch, expected.Velocity), (actual.Pitch, actual.Velocity));
            Assert.InRange(actual.Start - expected.Start, -0.002, 0.002); // one tick at 480 per quarter, 120 bpm
            Assert.InRange(actual.End - expected.End, -0.002, 0.002);
        }

        // Every original onset is within half a step of a decoded onset of its pitch, in the same velocity bin.
        foreach (var note in original)
        {
            Assert.Contains(reread, n => n.Pitch == note.Pitch && Math.Abs(n.Start - note.Start) <= 0.0051 + 0.002
                && Vocabulary.BinOfVelocity(n.Velocity) == Vocabulary.BinOfVelocity(note.Velocity));
        }
    }

    [Fact]
    public void Overlapping_notes_of_one_key_on_two_channels_become_a_restrike()
    {
        var source = Path.Combine(_folder, "overlap.mid");
        BuildFixture("overlapping notes").Write(source);

        var decoded = _tokenizer.Decode(_tokenizer.Encode(MidiFile.Read(source).ToNotes(), 0));

        var sixties = decoded.Where(n => n.Pitch == 60).ToArray();
        Assert.Equal(2, sixties.Length);
        Assert.Equal(sixties[1].Start, sixties[0].End, 6);
    }

    [Fact]
    public void Tempo_changes_move_notes_to_their_time_in_seconds()
    {
        var source = Path.Combine(_folder, "tempo.mid");
        BuildFixture("tempo changes").Write(source);

        var decoded = _tokenizer.Decode(_tokenizer.Encode(MidiFile.Read(source).ToNotes(), 0));

        // Four quarters at 120 bpm (2 s), then quarters at 60 bpm (1 s each), then 240 bpm (0.25 s).
        Assert.Equal([0, 0.5, 1, 1.5, 2, 3, 4, 4.25, 4.5], decoded.Select(n => Math.Round(n.Start, 3)));
    }

    private static MidiFile BuildFixture(string fixture) => fixture switch
    {
        "single notes" => MidiFile.FromNotes([new Note(60, 100, 0, 0.5), new Note(127, 1, 0.5, 0.5), new Note(0, 127, 0.7331, 0.9)]),
        "chords" => MidiFile.FromNotes(
        [
            new Note(48, 60, 0, 1), new Note(52, 61, 0, 1), new Note(55, 62, 0, 1),
            new Note(50, 90, 1, 2.5, Channel: 1, Track: 1), new Note(53, 90, 1.003, 2), new Note(57, 30, 1.5, 2.5),
        ]),
        "overlapping notes" => MidiFile.FromNotes(
        [
            new Note(60, 80, 0, 1, Channel: 0), new Note(60, 80, 0.5, 1.5, Channel: 1, Track: 1), new Note(64, 80, 0.25, 0.75),
        ]),
        "long rests" => MidiFile.FromNotes([new Note(60, 80, 0.1, 0.2), new Note(62, 80, 3.456, 3.5), new Note(64, 80, 15, 16)], ticksPerQuarter: 1024, bpm: 93),
        "tempo changes" => TempoChangeFile(),
        _ => throw new ArgumentOutOfRangeException(nameof(fixture), fixture, "unknown fixture"),
    };

    // A conductor track with three tempos and a note track of quarter notes (480 ticks per quarter).
    private static MidiFile TempoChangeFile()
    {
        var conductor = new MidiTrack([new TempoEvent(0, 500_000), new TempoEvent(4 * 480, 1_000_000), new TempoEvent(6 * 480, 250_000)]);
        var events = new List<MidiEvent>();
        for (var q = 0; q < 9; q++)
        {
            events.Add(new ChannelEvent(q * 480, ChannelMessageType.NoteOn, 0, 60 + q, 70));
            events.Add(new ChannelEvent(q * 480 + 240, ChannelMessageType.NoteOff, 0, 60 + q, 0));
        }

        return new MidiFile(1, MidiDivision.PerQuarter(480), [conductor, new MidiTrack(events)]);
    }
}
