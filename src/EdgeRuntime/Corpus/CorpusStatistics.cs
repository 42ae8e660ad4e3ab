using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Corpus;

/// <summary>What a set of tasks holds: sizes, families and how the vocabulary is used.</summary>
public sealed record CorpusStatistics
{
    /// <summary>Number of tasks (pieces).</summary>
    public required int Tasks { get; init; }

    /// <summary>Tasks per family, ordered by family name.</summary>
    public required IReadOnlyList<KeyValuePair<string, int>> Families { get; init; }

    /// <summary>Number of phrases over all tasks.</summary>
    public required int Phrases { get; init; }

    /// <summary>Number of event tokens over all phrases (without BOS/EOS).</summary>
    public required long Events { get; init; }

    /// <summary>Mean events per phrase (0 without phrases).</summary>
    public required double MeanEventsPerPhrase { get; init; }

    /// <summary>Median events per phrase (0 without phrases).</summary>
    public required double MedianEventsPerPhrase { get; init; }

    /// <summary>Occurrences of each token id, indexed by id (length <see cref="Vocabulary.Size"/>).</summary>
    public required IReadOnlyList<long> TokenCounts { get; init; }

    /// <summary>How many of the <see cref="Vocabulary.Size"/> token ids occur at least once.</summary>
    public int DistinctTokens => TokenCounts.Count(c => c > 0);

    /// <summary>Lowest sounded pitch, or null without notes.</summary>
    public int? LowestPitch => FirstPitch(Enumerable.Range(0, 128));

    /// <summary>Highest sounded pitch, or null without notes.</summary>
    public int? HighestPitch => FirstPitch(Enumerable.Range(0, 128).Reverse());

    /// <summary>Event counts per type: NOTE_ON, NOTE_OFF, TIME_SHIFT, VELOCITY, in that order.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> EventTypes =>
    [
        KeyValuePair.Create("NOTE_ON", Sum(Vocabulary.IsNoteOn)),
        KeyValuePair.Create("NOTE_OFF", Sum(Vocabulary.IsNoteOff)),
        KeyValuePair.Create("TIME_SHIFT", Sum(Vocabulary.IsTimeShift)),
        KeyValuePair.Create("VELOCITY", Sum(Vocabulary.IsVelocity)),
    ];

    /// <summary>Counts tokens, phrases and families of <paramref name="tasks"/>.</summary>
    public static CorpusStatistics Compute(IEnumerable<MusicTask> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var counts = new long[Vocabulary.Size];
        var lengths = new List<int>();
        var families = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var taskCount = 0;
        foreach (var task in tasks)
        {
            taskCount++;
            families[task.Family] = families.GetValueOrDefault(task.Family) + 1;
            foreach (var phrase in task.Phrases)
            {
                lengths.Add(phrase.Length);
                foreach (var token in phrase.Tokens)
                {
                    counts[token]++;
                }
            }
        }

        lengths.Sort();
        var median = lengths.Count == 0 ? 0
            : lengths.Count % 2 == 1 ? lengths[lengths.Count / 2]
            : (lengths[lengths.Count / 2 - 1] + lengths[lengths.Count / 2]) / 2.0;
        return new CorpusStatistics
        {
            Tasks = taskCount,
            Families = [.. families],
            Phrases = lengths.Count,
            Events = lengths.Sum(l => (long)l),
            MeanEventsPerPhrase = lengths.Count == 0 ? 0 : lengths.Average(),
            MedianEventsPerPhrase = median,
            TokenCounts = counts,
        };
    }

    private long Sum(Func<int, bool> isType) => Enumerable.Range(0, Vocabulary.Size).Where(isType).Sum(t => TokenCounts[t]);

    private int? FirstPitch(IEnumerable<int> pitches)
    {
        foreach (var pitch in pitches)
        {
            if (TokenCounts[Vocabulary.NoteOn(pitch)] > 0)
            {
                return pitch;
            }
        }

        return null;
    }
}
