using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Tests.Realtime;

/// <summary>The scheduler's own account of what it did with each event: sent, late, dropped by the port, cancelled.</summary>
public sealed class OutputSchedulerCountingTests
{
    /// <summary>An output whose device is gone: every send is refused.</summary>
    private sealed class AbsentOutput : IMidiOutput
    {
        public string Name => "absent";

        public bool IsConnected => false;

        public event EventHandler<MidiPortStatusEventArgs>? StatusChanged
        {
            add { }
            remove { }
        }

        public bool Send(in MidiMessage message) => false;

        public void Dispose()
        {
        }
    }

    private static void WaitFor(Func<bool> condition)
    {
        var until = Environment.TickCount64 + 10_000;
        while (!condition() && Environment.TickCount64 < until)
        {
            Thread.Sleep(2);
        }
    }

    [Fact]
    public void An_event_sent_past_the_threshold_counts_as_late_and_one_on_time_does_not()
    {
        var clock = new FakeClock();
        using var scheduler = new OutputScheduler(clock, new RecordingOutput(clock));
        var lateBy = FakeClock.Ms(OutputScheduler.LateThresholdMs + 8);
        Assert.True(scheduler.TryWrite(new ScheduledEvent(clock.Now - lateBy, MidiMessage.NoteOn(0, 60, 90), 0)));
        Assert.True(scheduler.TryWrite(new ScheduledEvent(clock.Now, MidiMessage.NoteOn(0, 62, 90), 0)));
        Assert.True(scheduler.TryWrite(new ScheduledEvent(clock.Now - FakeClock.Ms(OutputScheduler.LateThresholdMs - 0.5), MidiMessage.NoteOn(0, 64, 90), 0)));
        scheduler.Notify();
        WaitFor(() => scheduler.SentEvents == 3);
        Assert.Equal(3, scheduler.SentEvents);
        Assert.Equal(1, scheduler.LateEvents);
        Assert.Equal(0, scheduler.DroppedEvents);
    }

    [Fact]
    public void Events_the_port_refuses_count_as_dropped()
    {
        var clock = new FakeClock();
        using var scheduler = new OutputScheduler(clock, new AbsentOutput());
        scheduler.TryWrite(new ScheduledEvent(clock.Now, MidiMessage.NoteOn(0, 60, 90), 0));
        scheduler.TryWrite(new ScheduledEvent(clock.Now, MidiMessage.NoteOn(0, 61, 90), 0));
        scheduler.Notify();
        WaitFor(() => scheduler.DroppedEvents == 2);
        Assert.Equal(2, scheduler.DroppedEvents);
        Assert.Equal(2, scheduler.SentEvents);
    }

    [Fact]
    public void Events_of_a_cancelled_answer_count_as_cancelled_not_dropped()
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        using var scheduler = new OutputScheduler(clock, output);
        scheduler.TryWrite(new ScheduledEvent(clock.Now + FakeClock.Ms(1000), MidiMessage.NoteOn(0, 60, 90), 0));
        scheduler.TryWrite(new ScheduledEvent(clock.Now + FakeClock.Ms(1010), MidiMessage.NoteOff(0, 60), 0));
        scheduler.Notify();
        scheduler.CancelAndRelease();
        WaitFor(() => scheduler.CancelledEvents == 2);
        Assert.Equal(2, scheduler.CancelledEvents);
        Assert.Equal(0, scheduler.SentEvents);
        Assert.Equal(0, scheduler.DroppedEvents);
        Assert.DoesNotContain(output.Messages, m => m.IsNoteOn);
    }
}
