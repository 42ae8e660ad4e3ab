using EdgeMeta.EdgeRuntime.Realtime;
using EdgeMeta.Firmware.Engine;
using EdgeMeta.Tests.Shared;

namespace EdgeMeta.Firmware.Tests.Engine;

/// <summary>The real engine adapter's failures: each one a <see cref="BoxEngineException"/> with words for the display.</summary>
public sealed class RuntimeBoxEngineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemeta-box-engine-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private BoxEngineOptions Options(string model, string input = "file:examples/folk-jig.mid", string output = "fifo:/nonexistent/out") =>
        new(model, input, output, Path.Combine(_dir, "profiles"), ["house"], new EngineSettings());

    [Fact]
    public void A_missing_model_folder_is_model_missing()
    {
        using var engine = new RuntimeBoxEngine(Options(Path.Combine(_dir, "no-model")));
        var ex = Assert.Throws<BoxEngineException>(engine.Open);
        Assert.Equal("MODEL MISSING", ex.ShortMessage);
        Assert.Contains("no-model", ex.Message, StringComparison.Ordinal);
        Assert.False(engine.IsOpen);
    }

    [Fact]
    public void A_broken_model_is_model_broken()
    {
        var broken = Path.Combine(_dir, "broken");
        Directory.CreateDirectory(broken);
        File.WriteAllText(Path.Combine(broken, "manifest.json"), "{ not json");
        using var engine = new RuntimeBoxEngine(Options(broken));
        Assert.Equal("MODEL BROKEN", Assert.Throws<BoxEngineException>(engine.Open).ShortMessage);
    }

    [Fact]
    public void A_missing_output_is_named_and_a_later_open_retries()
    {
        var model = Path.Combine(TestPaths.RepositoryRoot(), "models", "default");
        var fifo = Path.Combine(_dir, "out.fifo");
        using var engine = new RuntimeBoxEngine(Options(model, input: "file:" + Path.Combine(TestPaths.RepositoryRoot(), "examples", "folk-jig.mid"), output: "fifo:" + fifo));
        var ex = Assert.Throws<BoxEngineException>(engine.Open);
        Assert.Equal("MIDI OUT NOT FOUND", ex.ShortMessage);
        Assert.Contains("mkfifo", ex.Message, StringComparison.Ordinal);

        EdgeMeta.EdgeRuntime.Ports.Fifo.Create(fifo);
        engine.Open();
        Assert.True(engine.IsOpen);
        Assert.Equal("MIDI OUT LOST", engine.Status.Problem);   // nobody reads the FIFO: the box cannot be heard

        using var listener = new EdgeMeta.EdgeRuntime.Ports.ByteStreamMidiInput(fifo);
        listener.Start(_ => { });
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (engine.Status.Problem is not null && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }

        Assert.Null(engine.Status.Problem);
    }

    [Fact]
    public void More_than_eight_profiles_are_refused()
    {
        var options = Options("m") with { Profiles = [.. Enumerable.Range(0, 9).Select(i => $"p{i}")] };
        Assert.Throws<ArgumentException>(() => new RuntimeBoxEngine(options));
    }
}
