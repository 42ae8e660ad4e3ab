using System.Text.Json;
using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Diagnostics;

/// <summary>
/// Appends a <see cref="PlayStatsRecord"/> line to a file for a running engine. Lines are written by the caller's
/// thread (play's main loop), never the playing threads. A line is serialised straight into the file (no string of
/// it) and the resident set is read without building a <c>Process</c>: what is left per line (the record, its latency
/// arrays, the serialiser's own) is a few KB every few seconds, counted in the soak against the session it measures.
/// </summary>
public sealed class PlayStatsWriter : IDisposable
{
    /// <summary>Seconds between lines in <c>play --stats</c>.</summary>
    public const double IntervalSeconds = 5;

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private readonly RealtimeEngine _engine;
    private readonly GcPauseMonitor _gc = new();
    private readonly FileStream _file;
    private readonly Utf8JsonWriter _json;
    private readonly ResidentSet _residentSet = new();
    private readonly long _began = Environment.TickCount64;
    private long _answerMark;
    private long _jitterMark;
    private long _stepMark;

    /// <summary>Creates (or truncates) <paramref name="path"/> and starts measuring pauses.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public PlayStatsWriter(string path, RealtimeEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        _json = new Utf8JsonWriter(_file);
        _answerMark = engine.Output.ResponseLatency.Total;
        _jitterMark = engine.Output.Jitter.Total;
        _stepMark = engine.StepLatency.Total;
    }

    /// <summary>Appends one line and flushes it.</summary>
    public void Write(bool final = false)
    {
        var output = _engine.Output;
        var status = _engine.Status;
        var steps = _engine.StepLatency.Since(ref _stepMark);
        Array.Sort(steps);
        var record = new PlayStatsRecord
        {
            UnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            Seconds = (Environment.TickCount64 - _began) / 1000.0,
            Final = final,
            RssBytes = _residentSet.Bytes(),
            ManagedHeapBytes = GC.GetGCMemoryInfo().HeapSizeBytes,
            AllocatedBytes = GC.GetTotalAllocatedBytes(),
            Gen0Collections = GC.CollectionCount(0),
            Gen1Collections = GC.CollectionCount(1),
            Gen2Collections = GC.CollectionCount(2),
            GcPausesMs = _gc.Drain(),
            GcCollections = _gc.DrainCollections(),
            GcPauseParts = _gc.DrainPauseParts(),
            GcPauseTotalMs = GC.GetTotalPauseDuration().TotalMilliseconds,
            Phrases = status.PhrasesCaptured,
            Answers = status.Responses,
            SentEvents = output.SentEvents,
            LateEvents = output.LateEvents,
            DroppedEvents = output.DroppedEvents + output.StaleNotesSkipped,   // a stale note-on skipped after a stall is a dropped event too
            CancelledEvents = output.CancelledEvents,
            DroppedInput = status.DroppedInput,
            SoundingNotes = status.SoundingNotes,
            AnswerLatencyMs = output.ResponseLatency.Since(ref _answerMark),
            EventJitterMs = output.Jitter.Since(ref _jitterMark),
            Steps = steps.Length,
            StepP99Ms = LatencyLog.NearestRank(steps, 0.99),
            StepMaxMs = steps.Length == 0 ? double.NaN : steps[^1],
        };
        _json.Reset(_file);
        JsonSerializer.Serialize(_json, record, Json);
        _json.Flush();
        _file.WriteByte((byte)'\n');
        _file.Flush();
    }

    /// <summary>Reads every line of a stats file (a torn last line, from a kill mid-write, is skipped).</summary>
    /// <exception cref="InvalidDataException">A line other than the last is not a stats record (names file and line).</exception>
    public static List<PlayStatsRecord> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var records = new List<PlayStatsRecord>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            try
            {
                records.Add(JsonSerializer.Deserialize<PlayStatsRecord>(lines[i], Json)
                    ?? throw new JsonException("null"));
            }
            catch (JsonException) when (i == lines.Length - 1)
            {
                // The writer was killed mid-line: the totals are in the line before.
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path}: line {i + 1} is not a play stats record: {ex.Message}", ex);
            }
        }

        return records;
    }

    public void Dispose()
    {
        _gc.Dispose();
        _json.Dispose();
        _file.Dispose();
        _residentSet.Dispose();
    }
}
