using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.Firmware.Engine;

namespace EdgeMeta.Firmware.Tests.Engine;

public sealed class NoteActivityInputTests
{
    private sealed class ScriptedInput : IMidiInput
    {
        private Action<MidiMessage>? _deliver;

        public string Name => "scripted";

        public bool IsConnected => true;

        public MidiParserCounters Counters { get; } = new();

        public event EventHandler<MidiPortStatusEventArgs>? StatusChanged;

        public void Start(Action<MidiMessage> onMessage)
        {
            _deliver = onMessage;
            StatusChanged?.Invoke(this, new MidiPortStatusEventArgs(Name, true, "started"));
        }

        public void Send(MidiMessage message) => _deliver!(message);

        public void Dispose()
        {
        }
    }

    [Fact]
    public void Notes_are_counted_and_held_keys_or_pedal_mean_a_phrase_cannot_end_yet()
    {
        var inner = new ScriptedInput();
        using var input = new NoteActivityInput(inner);
        var passed = new List<MidiMessage>();
        input.Start(passed.Add);

        inner.Send(MidiMessage.NoteOn(0, 60, 90, timestamp: 100));
        inner.Send(MidiMessage.NoteOn(0, 64, 90, timestamp: 110));
        Assert.True(input.Holding);
        inner.Send(MidiMessage.NoteOff(0, 60, timestamp: 120));
        inner.Send(MidiMessage.NoteOff(0, 64, timestamp: 130));
        Assert.False(input.Holding);
        inner.Send(MidiMessage.ControlChange(0, MidiMessage.SustainController, 127, timestamp: 140));
        Assert.True(input.Holding);
        inner.Send(MidiMessage.ControlChange(0, MidiMessage.SustainController, 0, timestamp: 150));
        inner.Send(MidiMessage.NoteOff(0, 70, timestamp: 160));   // a release whose press came before the box started

        Assert.False(input.Holding);
        Assert.Equal(2, input.NotesIn);
        Assert.Equal(160, input.LastNoteTicks);
        Assert.Equal(7, passed.Count);   // everything reaches the engine unchanged
    }
}
