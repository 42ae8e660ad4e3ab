using EdgeMeta.EdgeRuntime.Corpus;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.EdgeRuntime.Realtime;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Tests.Shared;
using EdgeMeta.Trainer.Evaluation;

namespace EdgeMeta.Trainer.Tests.Duet;

/// <summary>
/// The same call and seed through <c>edgemeta respond</c>, through the live duet as <c>edgemeta play</c> drives it
/// (file input, FIFO output, real clock) and through the evaluation's device method give the same answer: the three
/// are callers of one path.
/// </summary>
[Trait("Category", "Realtime")]
public sealed class OnePathTests : IDisposable
{
    private const int Seed = 7;
    private static readonly int[] Tune = [62, 66, 69, 74, 73, 71, 69, 66, 67, 69, 66, 62];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "edgemeta-one-path-" + Guid.NewGuid().ToString("N"));
    private readonly string _model = Path.Combine(TestPaths.RepositoryRoot(), "models", "default");

    public OnePathTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // One phrase of the performer: twelve notes, 200 ms each every 250 ms, on the 10 ms grid.
    private static List<Note> Call(int transpose = 0) =>
        [.. Tune.Select((pitch, i) => new Note(pitch + transpose, 70 + (i % 3 * 12), i * 0.25, (i * 0.25) + 0.2))];

    [Fact]
    public void Respond_play_and_the_evaluation_give_the_same_answer()
    {
        var callPath = Path.Combine(_dir, "call.mid");
        MidiFile.FromNotes(Call()).Write(callPath);
        var phrases = new PhraseSegmenter(new PerformanceTokenizer()).Segment(MidiFile.Read(callPath).ToNotes());
        Assert.Single(phrases);

        // 1. edgemeta respond.
        var outPath = Path.Combine(_dir, "respond.mid");
        var respond = CliRunner.Edgemeta("respond", "--model", _model, "--phrases", callPath, "--out", outPath, "--seed", $"{Seed}");
        Assert.True(respond.Code == 0, respond.Error);
        var respondNotes = MidiFile.Read(outPath).ToNotes();

        // 2. The evaluation's device method on the same phrase as support.
        var loaded = ModelFolder.Load(_model);
        using var backbone = new OnnxBackbone(loaded.BackbonePath);
        var method = new DeviceAdapterMethod("device adapter", backbone, loaded.InitialAdapter, loaded.InnerLoop);
        var query = new PerformanceTokenizer().Encode(Call(transpose: 2));
        var episode = new FewShotEpisode(new MusicTask("test", "call", [phrases[0], new Phrase(query)]), shots: 1, seed: Seed);
        var evaluated = method.Respond(episode, Seed)[0].Tokens;

        // 3. The live duet: the file played in on the real clock, the answer read back from a FIFO.
        var played = PlayLive(callPath);

        Assert.NotEmpty(evaluated);
        Assert.Equal(evaluated, played);
        var decoded = new PerformanceTokenizer().Decode(evaluated);
        Assert.Equal(decoded.Count, respondNotes.Count);
        for (var i = 0; i < decoded.Count; i++)
        {
            Assert.Equal(decoded[i].Pitch, respondNotes[i].Pitch);
            Assert.Equal(decoded[i].Velocity, respondNotes[i].Velocity);
            Assert.Equal(decoded[i].Start, respondNotes[i].Start, 0.002);
            Assert.Equal(decoded[i].End, respondNotes[i].End, 0.002);
        }
    }

    private int[] PlayLive(string callPath)
    {
        var fifo = Path.Combine(_dir, "out.fifo");
        Fifo.Create(fifo);
        var heard = new List<MidiMessage>();
        using var listener = new ByteStreamMidiInput(fifo);
        listener.Start(m =>
        {
            lock (heard)
            {
                heard.Add(m);
            }
        });
        // A one-second musical delay: the adaptation finishes before the answer starts even on a loaded machine, as on
        // an idle one within the default 150 ms (a late adaptation would reach only the next answer).
        var engine = new EngineSettings { ResponseDelaySeconds = 1.0 };
        using var session = LiveSession.Open(new LiveSessionOptions { Model = _model, In = $"file:{callPath}", Out = $"fifo:{fifo}", Seed = Seed, Engine = engine });
        session.Listen();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !(session.InputFinished && session.Engine.Status.Responses >= 1 && session.Engine.IsIdle))
        {
            Thread.Sleep(100);
        }

        Thread.Sleep(300);
        session.Stop();
        lock (heard)
        {
            Assert.Contains(heard, m => m.IsNoteOn);
        }

        Assert.Equal(1, session.Engine.Status.Responses);
        return session.Engine.LastAnswerTokens;
    }
}
