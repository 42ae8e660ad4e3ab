using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Tests.Realtime;

/// <summary>The engine tests' call: four notes, 150 ms each with 50 ms gaps, 750 ms from first onset to last release.</summary>
internal static class TestCall
{
    /// <summary>Plays the call into <paramref name="engine"/> on a test clock (<paramref name="now"/>, <paramref name="run"/> ms); returns the time of the last release.</summary>
    public static long Play(RealtimeEngine engine, Func<long> now, Action<double> run, int basePitch = 72)
    {
        for (var i = 0; i < 4; i++)
        {
            engine.Accept(MidiMessage.NoteOn(0, basePitch + i, 90, now()));
            run(150);
            engine.Accept(MidiMessage.NoteOff(0, basePitch + i, 0, now()));
            if (i < 3)
            {
                run(50);
            }
        }

        return now();
    }
}
