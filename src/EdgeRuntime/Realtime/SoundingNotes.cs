using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// Which notes are sounding on which channel, as sent to an output, so every exit path can release them:
/// note-off for each sounding note, then CC 123 (All Notes Off) on every channel used. Fixed-size bit
/// sets: no allocation while playing. Thread-safe (the output thread and panic paths share it).
/// </summary>
public sealed class SoundingNotes
{
    private readonly ulong[] _bits = new ulong[16 * 2];  // [channel][pitch / 64]
    private readonly bool[] _usedChannels = new bool[16];
    private readonly Lock _gate = new();

    /// <summary>Number of notes sounding now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                var count = 0;
                foreach (var word in _bits)
                {
                    count += System.Numerics.BitOperations.PopCount(word);
                }

                return count;
            }
        }
    }

    /// <summary>Records a message about to be sent (note on sets, note off clears).</summary>
    public void Track(in MidiMessage message)
    {
        if (!message.IsChannelMessage)
        {
            return;
        }

        lock (_gate)
        {
            var channel = message.Channel;
            _usedChannels[channel] = true;
            var index = channel * 2 + (message.Data1 >> 6);
            var bit = 1UL << (message.Data1 & 63);
            if (message.IsNoteOn)
            {
                _bits[index] |= bit;
            }
            else if (message.IsNoteOff)
            {
                _bits[index] &= ~bit;
            }
        }
    }

    /// <summary>True when <paramref name="pitch"/> sounds on <paramref name="channel"/>.</summary>
    public bool IsSounding(int channel, int pitch)
    {
        lock (_gate)
        {
            return (_bits[channel * 2 + (pitch >> 6)] & (1UL << (pitch & 63))) != 0;
        }
    }

    /// <summary>
    /// Sends note-off for every sounding note and CC 123 on every channel used since the last release, then forgets them.
    /// Returns the number of note-offs sent.
    /// </summary>
    public int ReleaseAll(IMidiOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        lock (_gate)
        {
            var released = 0;
            for (var channel = 0; channel < 16; channel++)
            {
                for (var half = 0; half < 2; half++)
                {
                    var word = _bits[channel * 2 + half];
                    while (word != 0)
                    {
                        var bit = System.Numerics.BitOperations.TrailingZeroCount(word);
                        word &= word - 1;
                        output.Send(MidiMessage.NoteOff(channel, half * 64 + bit));
                        released++;
                    }

                    _bits[channel * 2 + half] = 0;
                }

                if (_usedChannels[channel])
                {
                    output.Send(MidiMessage.ControlChange(channel, MidiMessage.AllNotesOffController, 0));
                    _usedChannels[channel] = false;
                }
            }

            return released;
        }
    }
}
