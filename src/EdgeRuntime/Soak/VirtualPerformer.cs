using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Midi.Live;

namespace EdgeMeta.EdgeRuntime.Soak;

/// <summary>
/// A tireless, roughly human player for soak runs: each turn takes a phrase from the book and plays it a little
/// differently (tempo ±8 %, each onset ±12 ms, each velocity ±10), rests so the box answers, now and then cuts the
/// answer short by playing again, moves a mapped controller between calls or the mod wheel during one. Seeded, so a
/// run's sequence of turns repeats.
/// </summary>
public sealed class VirtualPerformer
{
    /// <summary>CC the performer moves to change the answers' temperature (play must map it: <c>--map 21=temperature</c>).</summary>
    public const int TemperatureController = 21;

    /// <summary>CC the performer moves to change the answers' length (<c>--map 22=length</c>).</summary>
    public const int LengthController = 22;

    /// <summary>Share of turns that cut the answer short.</summary>
    public const double InterruptShare = 0.15;

    /// <summary>Share of turns preceded by a move of a mapped controller.</summary>
    public const double ControllerShare = 0.1;

    /// <summary>Share of calls with a mod-wheel sweep (a musical CC the box ignores).</summary>
    public const double ModWheelShare = 0.1;

    private const double TempoSpread = 0.08;
    private const double OnsetJitterSeconds = 0.012;
    private const int VelocitySpread = 10;
    private const double ShortestNote = 0.03;

    private readonly IReadOnlyList<PerformerPhrase> _book;
    private readonly Random _random;

    /// <summary>Plays from <paramref name="book"/> with a seeded generator.</summary>
    /// <exception cref="ArgumentException">The book is empty.</exception>
    public VirtualPerformer(IReadOnlyList<PerformerPhrase> book, int seed)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (book.Count == 0)
        {
            throw new ArgumentException("The virtual performer needs at least one phrase.", nameof(book));
        }

        _book = book;
        _random = new Random(seed);
    }

    /// <summary>The next turn.</summary>
    public SoakCall Next()
    {
        var phrase = Vary(_book[_random.Next(_book.Count)]);
        var messages = ToMessages(phrase.Notes);
        if (_random.NextDouble() < ModWheelShare)
        {
            messages = WithModWheel(messages, phrase.Duration);
        }

        (int, int)? move = _random.NextDouble() < ControllerShare
            ? (_random.Next(2) == 0 ? TemperatureController : LengthController, _random.Next(48, 81))
            : null;
        double? interrupt = _random.NextDouble() < InterruptShare ? 0.2 + (_random.NextDouble() * 0.8) : null;
        return new SoakCall(phrase, messages, move, interrupt, 0.3 + (_random.NextDouble() * 1.2));
    }

    /// <summary>The phrase played a little differently: tempo, onsets and velocities varied, the order of onsets kept.</summary>
    public PerformerPhrase Vary(PerformerPhrase phrase)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        var tempo = 1 + ((_random.NextDouble() * 2 - 1) * TempoSpread);
        var notes = new List<Note>(phrase.Notes.Count);
        foreach (var n in phrase.Notes)
        {
            var start = Math.Max(0, (n.Start * tempo) + ((_random.NextDouble() * 2 - 1) * OnsetJitterSeconds));
            var end = Math.Max(start + ShortestNote, (n.End * tempo) + ((_random.NextDouble() * 2 - 1) * OnsetJitterSeconds));
            var velocity = Math.Clamp(n.Velocity + _random.Next(-VelocitySpread, VelocitySpread + 1), 1, 127);
            notes.Add(n with { Start = start, End = end, Velocity = velocity });
        }

        notes.Sort((a, b) => a.Start.CompareTo(b.Start));
        var first = notes.Count == 0 ? 0 : notes[0].Start;
        return new PerformerPhrase(notes.Select(n => n with { Start = n.Start - first, End = n.End - first }).ToList(), phrase.Source);
    }

    /// <summary>
    /// Note-on and note-off messages in time order, a release before an onset at the same time. A note restruck while
    /// still held is released just before the new onset, so every onset has exactly one release.
    /// </summary>
    public static List<TimedMessage> ToMessages(IReadOnlyList<Note> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var events = new List<(double Time, bool On, Note Note)>(notes.Count * 2);
        foreach (var n in notes)
        {
            events.Add((n.Start, true, n));
            events.Add((n.End, false, n));
        }

        events.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.On.CompareTo(b.On));
        var held = new int[16 * 128];
        var messages = new List<TimedMessage>(events.Count);
        foreach (var (time, on, n) in events)
        {
            var key = (n.Channel * 128) + n.Pitch;
            if (on)
            {
                if (held[key]++ > 0)
                {
                    messages.Add(new TimedMessage(time, MidiMessage.NoteOff(n.Channel, n.Pitch)));
                }

                messages.Add(new TimedMessage(time, MidiMessage.NoteOn(n.Channel, n.Pitch, n.Velocity)));
            }
            else if (--held[key] == 0)
            {
                messages.Add(new TimedMessage(time, MidiMessage.NoteOff(n.Channel, n.Pitch)));
            }
        }

        return messages;
    }

    private List<TimedMessage> WithModWheel(List<TimedMessage> messages, double duration)
    {
        const int Steps = 8;
        var peak = _random.Next(40, 128);
        var sweep = Enumerable.Range(0, Steps).Select(i => new TimedMessage(duration * i / Steps,
            MidiMessage.ControlChange(0, 1, peak * (Steps - 1 - Math.Abs((2 * i) - (Steps - 1))) / (Steps - 1))));
        return messages.Concat(sweep).OrderBy(m => m.Seconds).ToList();
    }
}
