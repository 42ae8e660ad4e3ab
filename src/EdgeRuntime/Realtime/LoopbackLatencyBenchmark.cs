using System.Diagnostics;
using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// MIDI-in → answer-out latency over a FIFO loopback, as a box would see it: a performer thread writes short calls
/// (two notes, then a marker controller that ends the phrase) into the engine's input FIFO; a listener reads the
/// engine's output FIFO and timestamps the first answer note. Latency = that note read back − the marker written − the
/// musical delay. The engine's own lateness (first note and every event against its intended time) comes from its
/// scheduler. Each answer plays out before the next call (the performer playing again would cut it short).
/// </summary>
public static class LoopbackLatencyBenchmark
{
    private const int MarkerCc = 20;

    /// <summary>Runs one pass with <paramref name="responder"/> on a fresh engine.</summary>
    /// <param name="responder">The voice of the answers (not disposed).</param>
    /// <param name="options">Calls, warm-up, delay.</param>
    /// <param name="clock">The engine's clock (a <see cref="MonotonicClock"/>: the loopback reads Stopwatch time).</param>
    /// <param name="log">Engine log lines; ignored when null.</param>
    /// <exception cref="IOException">The loopback FIFOs could not be opened.</exception>
    public static LoopbackLatencyReport Run(IResponder responder, LoopbackLatencyOptions options, MonotonicClock clock, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(responder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        if (options.Calls < 1 || options.WarmupCalls < 0 || !(options.DelaySeconds >= 0))
        {
            throw new ArgumentException($"Calls must be >= 1, warm-up calls >= 0 and the delay >= 0 (got {options.Calls}, {options.WarmupCalls}, {options.DelaySeconds}).", nameof(options));
        }

        var dir = Path.Combine(Path.GetTempPath(), $"edgemeta-latency-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var inPath = Path.Combine(dir, "in");
            var outPath = Path.Combine(dir, "out");
            Fifo.Create(inPath);
            Fifo.Create(outPath);
            return Measure(responder, options, clock, inPath, outPath, log);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static LoopbackLatencyReport Measure(IResponder responder, LoopbackLatencyOptions options, MonotonicClock clock, string inPath, string outPath, Action<string>? log)
    {
        long firstNoteAt = 0;
        using var listener = new ByteStreamMidiInput(outPath);
        listener.Start(m =>
        {
            if (m.IsNoteOn)
            {
                Interlocked.CompareExchange(ref firstNoteAt, m.Timestamp, 0);
            }
        });
        using var output = new ByteStreamMidiOutput(outPath);
        if (!output.WaitForConnection(TimeSpan.FromSeconds(5)))
        {
            throw new IOException($"Could not open the loopback FIFO {outPath} for writing.");
        }

        var settings = new EngineSettings
        {
            ResponseDelaySeconds = options.DelaySeconds,
            Capture = new PhraseCaptureOptions { MarkerController = MarkerCc, RestSeconds = 10 },
        };
        var adaptations = new List<double>();
        using var engine = new RealtimeEngine(responder, output, settings, clock, log);
        engine.Adapted += ms =>
        {
            lock (adaptations)
            {
                adaptations.Add(ms);
            }
        };
        LoadGarbage.Collect();   // as play does before it listens
        engine.Attach(new ByteStreamMidiInput(inPath));
        using var performer = new ByteStreamMidiOutput(inPath);
        if (!performer.WaitForConnection(TimeSpan.FromSeconds(5)))
        {
            throw new IOException($"Could not open the loopback FIFO {inPath} for writing.");
        }

        var latencies = new List<double>(options.Calls);
        var missed = 0;
        var gcCount = 0;
        var gen2Count = 0;
        var gcPause = TimeSpan.Zero;
        var measuredFrom = 0L;
        var cpuFrom = 0.0;
        var thread = new Thread(() =>
        {
            if (options.RealtimePerformer)
            {
                RealtimePriority.TryElevateCurrentThread(RealtimePriority.InputPriority);
            }

            var total = options.WarmupCalls + options.Calls;
            for (var i = 0; i < total; i++)
            {
                if (i == options.WarmupCalls)
                {
                    engine.Output.Jitter.Clear();
                    engine.Output.ResponseLatency.Clear();
                    engine.StepLatency.Clear();
                    lock (adaptations)
                    {
                        adaptations.Clear();
                    }

                    gcCount = Collections();
                    gen2Count = GC.CollectionCount(2);
                    gcPause = GC.GetTotalPauseDuration();
                    measuredFrom = Stopwatch.GetTimestamp();
                    cpuFrom = ThreadCpuMilliseconds(OutputScheduler.ThreadName);
                }

                var heard = Call(engine, performer, 60 + (i % 12), ref firstNoteAt, out var sent);
                if (i < options.WarmupCalls)
                {
                    continue;
                }

                if (heard == 0)
                {
                    missed++;
                }
                else
                {
                    latencies.Add(((heard - sent) / (double)Stopwatch.Frequency - options.DelaySeconds) * 1000);
                }
            }

            gcCount = Collections() - gcCount;
            gen2Count = GC.CollectionCount(2) - gen2Count;
            gcPause = GC.GetTotalPauseDuration() - gcPause;
        })
        { Name = "bench performer", IsBackground = true };
        thread.Start();
        thread.Join();
        var seconds = Stopwatch.GetElapsedTime(measuredFrom).TotalSeconds;
        var outputCpu = ThreadCpuMilliseconds(OutputScheduler.ThreadName) - cpuFrom;

        double[] adapted;
        lock (adaptations)
        {
            adapted = [.. adaptations];
        }

        return new LoopbackLatencyReport(
            latencies,
            engine.Output.ResponseLatency.Snapshot(),
            engine.Output.Jitter.Snapshot(),
            engine.StepLatency.Snapshot(),
            adapted,
            missed,
            engine.Status.DroppedInput,
            gcCount,
            gen2Count,
            gcPause.TotalMilliseconds,
            seconds,
            outputCpu);
    }

    // One call: two 20 ms notes, then the marker; waits for the first answer note and for the answer to end.
    private static long Call(RealtimeEngine engine, ByteStreamMidiOutput performer, int pitch, ref long firstNoteAt, out long sent)
    {
        performer.Send(MidiMessage.NoteOn(0, pitch, 90));
        Thread.Sleep(20);
        performer.Send(MidiMessage.NoteOff(0, pitch));
        performer.Send(MidiMessage.NoteOn(0, pitch + 4, 90));
        Thread.Sleep(20);
        performer.Send(MidiMessage.NoteOff(0, pitch + 4));
        Interlocked.Exchange(ref firstNoteAt, 0);
        sent = Stopwatch.GetTimestamp();
        performer.Send(MidiMessage.ControlChange(0, MarkerCc, 127));
        var deadline = sent + (Stopwatch.Frequency * 2);
        while (Interlocked.Read(ref firstNoteAt) == 0 && Stopwatch.GetTimestamp() < deadline)
        {
            Thread.Sleep(1);
        }

        var heard = Interlocked.Read(ref firstNoteAt);
        var idleDeadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 2);
        while (!engine.IsIdle && Stopwatch.GetTimestamp() < idleDeadline)
        {
            Thread.Sleep(2);
        }

        performer.Send(MidiMessage.ControlChange(0, MarkerCc, 0));
        Thread.Sleep(10);
        return heard;
    }

    // CPU time (user + system) of this process's thread named `name` (Linux /proc; 10 ms resolution), NaN if unknown.
    private static double ThreadCpuMilliseconds(string name)
    {
        try
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                var comm = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
                if (!name.StartsWith(comm, StringComparison.Ordinal) || comm.Length == 0)
                {
                    continue;
                }

                // Fields after the ")" that closes the name: state is 3rd, utime the 14th and stime the 15th of the line.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
                return ticks * 10.0;   // USER_HZ = 100 on Linux
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        return double.NaN;
    }

    private static int Collections() => GC.CollectionCount(0);   // every collection includes generation 0
}
