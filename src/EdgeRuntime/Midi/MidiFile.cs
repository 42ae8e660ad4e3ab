using EdgeMeta.EdgeRuntime.Files;
using EdgeMeta.EdgeRuntime.Midi.Events;
using EdgeMeta.EdgeRuntime.Midi.Reading;
using EdgeMeta.EdgeRuntime.Midi.Writing;

namespace EdgeMeta.EdgeRuntime.Midi;

/// <summary>
/// A Standard MIDI File: header (format, division) and track chunks. Reads formats 0, 1 and 2 and writes
/// any of them; <see cref="ToNotes"/> and <see cref="FromNotes"/> are the bridge to the rest of EdgeMeta.
/// </summary>
public sealed class MidiFile
{
    private readonly TempoMap _tempoMap;

    /// <summary>Creates a file from tracks.</summary>
    /// <param name="format">0 (one track), 1 (simultaneous tracks) or 2 (independent sequences).</param>
    /// <param name="division">Time division.</param>
    /// <param name="tracks">The track chunks.</param>
    /// <exception cref="ArgumentException">Format is not 0-2, format 0 without exactly one track, or more than 65535 tracks.</exception>
    public MidiFile(int format, MidiDivision division, IReadOnlyList<MidiTrack> tracks)
        : this(format, division, tracks, new MidiReadReport())
    {
        if (format is < 0 or > 2)
        {
            throw new ArgumentException($"format {format} is not 0, 1 or 2", nameof(format));
        }

        if ((format == 0 && tracks.Count != 1) || tracks.Count > ushort.MaxValue)
        {
            throw new ArgumentException($"format {format} cannot hold {tracks.Count} tracks", nameof(tracks));
        }
    }

    internal MidiFile(int format, MidiDivision division, IReadOnlyList<MidiTrack> tracks, MidiReadReport report)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        Format = format;
        Division = division;
        Tracks = tracks;
        ReadReport = report;
        // Formats 0 and 1 share one timeline, so tempo events count wherever they are (the conductor
        // track by convention, but files put them elsewhere too). Format 2 tracks each have their own.
        _tempoMap = format == 2 ? TempoMapOf(0) : new TempoMap(division, tracks.SelectMany(t => t.Events.OfType<TempoEvent>()));
    }

    /// <summary>0, 1 or 2.</summary>
    public int Format { get; }

    /// <summary>Ticks per quarter or SMPTE timing.</summary>
    public MidiDivision Division { get; }

    /// <summary>The track chunks in file order.</summary>
    public IReadOnlyList<MidiTrack> Tracks { get; }

    /// <summary>What a lenient read dropped (all zero for files built in memory).</summary>
    public MidiReadReport ReadReport { get; }

    /// <summary>The file's tempo map; for format 2, the first track's (see <see cref="TempoMapOf"/>).</summary>
    public TempoMap TempoMap => _tempoMap;

    /// <summary>Length in seconds: the latest End of Track over all tracks.</summary>
    public double DurationSeconds =>
        Tracks.Count == 0 ? 0 : Enumerable.Range(0, Tracks.Count).Max(i => TempoMapOf(i).ToSeconds(Tracks[i].EndTick));

    /// <summary>The tempo map that times track <paramref name="trackIndex"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such track.</exception>
    public TempoMap TempoMapOf(int trackIndex)
    {
        if (Format != 2)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(trackIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(trackIndex, Math.Max(1, Tracks.Count));
            return _tempoMap;
        }

        if (Tracks.Count == 0)
        {
            return new TempoMap(Division, []);
        }

        ArgumentOutOfRangeException.ThrowIfNegative(trackIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(trackIndex, Tracks.Count);
        return new TempoMap(Division, Tracks[trackIndex].Events.OfType<TempoEvent>());
    }

    /// <summary>Reads a file from disk.</summary>
    /// <param name="path">The .mid file.</param>
    /// <param name="settings">Policies for malformed input; null = <see cref="MidiReadSettings.Strict"/>.</param>
    /// <exception cref="MidiFormatException">The file is malformed or over a bound of <paramref name="settings"/> (message names the file, offset and problem).</exception>
    /// <exception cref="IOException">The file cannot be opened or read, or is a folder, device or socket. A FIFO is read if a writer is there, else it reads as empty.</exception>
    public static MidiFile Read(string path, MidiReadSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = OpenForReading(path);
        return Read(stream, path, settings);
    }

    // A folder, a device or a FIFO with no writer must give a message, not "access denied" or a hang.
    private static Stream OpenForReading(string path)
    {
        var kind = FileStatus.Of(path).Kind;
        switch (kind)
        {
            case FileKind.Missing:
                throw new FileNotFoundException($"{path}: file not found", path);
            case FileKind.Directory:
                throw new IOException($"{path}: is a folder, not a MIDI file");
            case FileKind.CharacterDevice or FileKind.BlockDevice or FileKind.Socket:
                throw new IOException($"{path}: is {FileStatus.Describe(kind)}, not a MIDI file (a MIDI port is opened with play --in)");
            case FileKind.Fifo:
                return NonBlockingFifo.OpenForReading(path);
            default:
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
    }

    /// <summary>Reads a file from a stream (read to its end, at most <see cref="MidiReadSettings.MaxFileBytes"/>).</summary>
    /// <param name="stream">Positioned at the MThd chunk.</param>
    /// <param name="name">Name used in error messages (a path, a port), or null.</param>
    /// <param name="settings">Policies for malformed input; null = <see cref="MidiReadSettings.Strict"/>.</param>
    /// <exception cref="MidiFormatException">The data is malformed or larger than the limit.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static MidiFile Read(Stream stream, string? name = null, MidiReadSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        settings ??= MidiReadSettings.Strict;
        // Read in blocks, never trusting a length from the data, and stop one byte past the limit.
        var buffer = new byte[stream.CanSeek ? (int)Math.Clamp(stream.Length - stream.Position + 1, 1, settings.MaxFileBytes + 1L) : 64 * 1024];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > settings.MaxFileBytes)
                {
                    break;
                }

                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, settings.MaxFileBytes + 1L));
            }

            var read = stream.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        if (length > settings.MaxFileBytes)
        {
            throw new MidiFormatException(name, settings.MaxFileBytes, $"file is larger than the {settings.MaxFileBytes}-byte limit");
        }

        return MidiFileReader.Read(buffer, length, name, settings);
    }

    /// <summary>
    /// The notes of all tracks, sorted by start, then pitch, channel and track; times in seconds via the
    /// tempo map. Note On with velocity 0 is a Note Off. A Note On for a key that is already sounding on the
    /// same channel (and track) ends the sounding note and starts a new one; a Note Off with nothing sounding
    /// is ignored. Notes never released end at their track's End of Track.
    /// </summary>
    public IReadOnlyList<Note> ToNotes() => NoteExtraction.Extract(this);

    /// <summary>
    /// A format-1 file with a constant tempo. Track chunk k holds the notes with <see cref="Note.Track"/> = k
    /// (chunk 0 also holds the tempo), so track indices survive a round trip. Times are rounded to ticks. Two
    /// notes of one key and channel that overlap are written as MIDI can hold them: the earlier is cut at
    /// the later's onset; equal onsets merge into the longer note.
    /// </summary>
    /// <exception cref="ArgumentException">A note has pitch, velocity (1-127), channel, track or times out of range; bad tempo or resolution.</exception>
    public static MidiFile FromNotes(IReadOnlyList<Note> notes, int ticksPerQuarter = 480, double bpm = 120) =>
        NoteTrackBuilder.Build(notes, ticksPerQuarter, bpm);

    /// <summary>The SMF bytes of this file.</summary>
    /// <exception cref="InvalidOperationException">An event holds a value SMF cannot store.</exception>
    public byte[] ToBytes() => MidiFileWriter.ToBytes(this);

    /// <summary>Writes the file atomically: a temporary file in the same folder, flushed to disk, then renamed.</summary>
    /// <exception cref="IOException">The file cannot be written (message names it).</exception>
    /// <exception cref="InvalidOperationException">An event holds a value SMF cannot store.</exception>
    public void Write(string path) => AtomicFile.WriteAllBytes(path, ToBytes());

    /// <summary>Writes the SMF bytes to a stream.</summary>
    /// <exception cref="InvalidOperationException">An event holds a value SMF cannot store.</exception>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ToBytes());
    }
}
