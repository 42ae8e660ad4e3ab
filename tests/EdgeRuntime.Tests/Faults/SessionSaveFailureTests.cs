using System.Collections.Concurrent;
using System.Diagnostics;
using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.EdgeRuntime.Profiles;
using EdgeMeta.EdgeRuntime.Realtime;
using EdgeMeta.EdgeRuntime.Tests.Files;
using EdgeMeta.EdgeRuntime.Tests.Ports;
using EdgeMeta.EdgeRuntime.Tests.Realtime;

namespace EdgeMeta.EdgeRuntime.Tests.Faults;

/// <summary>
/// The disk fills or turns read-only during a live session, before it saves its recording and its profile (issue 14,
/// item 6): each is written whatever happens to the other, the failure names its file, and the previous profile stays
/// whole. (ProfileStore.Save itself on a full and a read-only disk is in ProfileRobustnessTests.)
/// </summary>
[Trait("Category", "FaultInjection")]
public sealed class SessionSaveFailureTests
{
    private sealed record Played(LiveSession Session, ConcurrentQueue<MidiMessage> Heard, IDisposable Listener, TempFifo In);

    // Opens a session on the shipped model with a saved profile "ana", plays one call straight into the engine
    // (timestamps in the past, so the turn ends at once) and waits until it was learnt.
    private static Played PlayOneCall(string profiles, string record)
    {
        var model = TestModel.Find();
        var store = new ProfileStore(profiles);
        store.Save(store.Get("ana", ModelFolder.Load(model)).Profile);
        var inFifo = new TempFifo("in");
        var outPath = TempFifo.Another(inFifo, "out");
        var heard = new ConcurrentQueue<MidiMessage>();
        var listener = new ByteStreamMidiInput(outPath);
        listener.Start(heard.Enqueue);
        var session = LiveSession.Open(new LiveSessionOptions
        {
            Model = model,
            In = $"fifo:{inFifo.Path}",
            Out = $"fifo:{outPath}",
            Profile = "ana",
            ProfilesDirectory = profiles,
            RecordDirectory = record,
            Seed = 1,
        });
        var frequency = Stopwatch.Frequency;
        var t = Stopwatch.GetTimestamp() - (3 * frequency);
        for (var i = 0; i < 24; i++)
        {
            var pitch = 60 + ((i * 5) % 12);
            session.Engine.Accept(MidiMessage.NoteOn(0, pitch, 90, t));
            t += frequency / 10;
            session.Engine.Accept(MidiMessage.NoteOff(0, pitch, 0, t));
        }

        var until = Environment.TickCount64 + 10_000;
        while (session.Responder.LastResult is null && Environment.TickCount64 < until)
        {
            Thread.Sleep(10);
        }

        Assert.NotNull(session.Responder.LastResult);
        Thread.Sleep(300);   // part of the answer plays (and is recorded)
        return new Played(session, heard, listener, inFifo);
    }

    private static void Close(Played played)
    {
        played.Session.Dispose();
        Thread.Sleep(200);
        played.Listener.Dispose();
        played.In.Dispose();
    }

    [Fact]
    public void A_full_disk_under_the_recording_loses_neither_the_profile_update_nor_a_note_release()
    {
        using var disk = SmallDisk.TryMount(kilobytes: 256);
        if (disk is null)
        {
            return; // needs root for mount; CI runs as root
        }

        using var profiles = new ScratchFolder();
        var record = Path.Combine(disk.Path, "sessions");
        var played = PlayOneCall(profiles.Path, record);
        try
        {
            disk.Fill();
            var ex = Assert.Throws<IOException>(() => played.Session.Stop());
            Assert.Contains(record, ex.Message, StringComparison.Ordinal);
            Assert.Equal(1, new ProfileStore(profiles.Path).ReadInfo("ana").Sessions);   // saved all the same
        }
        finally
        {
            Close(played);
        }

        Assert.Empty(HangingNotes.In(played.Heard));
    }

    [Fact]
    public void A_read_only_disk_under_the_profiles_keeps_the_previous_profile_and_the_recording_is_written()
    {
        using var disk = SmallDisk.TryMount(kilobytes: 2048);
        if (disk is null)
        {
            return;
        }

        using var record = new ScratchFolder();
        var profiles = Path.Combine(disk.Path, "profiles");
        var played = PlayOneCall(profiles, record.Path);
        var previous = File.ReadAllBytes(Path.Combine(profiles, "ana.safetensors"));
        try
        {
            disk.MakeReadOnly();
            var ex = Assert.Throws<IOException>(() => played.Session.Stop());
            Assert.Contains("ana.safetensors", ex.Message, StringComparison.Ordinal);
            Assert.Single(Directory.GetFiles(record.Path, "session-*.mid"));   // written all the same
            Assert.Equal(previous, File.ReadAllBytes(Path.Combine(profiles, "ana.safetensors")));
        }
        finally
        {
            Close(played);
        }

        Assert.Empty(HangingNotes.In(played.Heard));
    }
}
