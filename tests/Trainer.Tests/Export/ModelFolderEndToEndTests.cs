using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Export;
using EdgeMeta.Tests.Shared;

namespace EdgeMeta.Trainer.Tests.Export;

/// <summary>
/// Exporter → model folder → device code path: a tiny random backbone exported to ONNX, written with its
/// adapter as a model folder, loaded back through <see cref="ModelFolder.Load"/> and <see cref="OnnxBackbone"/>,
/// and used to generate a MIDI file, both through the library and through <c>edgemeta generate</c>.
/// </summary>
public sealed class ModelFolderEndToEndTests : IDisposable
{
    private const int Hidden = 16;
    private readonly TempDirectory _temp = new();
    private readonly string _modelDir;

    public ModelFolderEndToEndTests()
    {
        _modelDir = Path.Combine(_temp.Path, "models", "tiny");
        var weights = RandomBackbone.Create(seed: 21, Vocabulary.Size, embedding: 8, Hidden, layers: 2);
        var adapter = new AdapterParameters(Vocabulary.Size, Hidden, rank: 2);
        var random = new Random(22);
        foreach (var (_, _, data) in adapter.Tensors())
        {
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (float)((random.NextDouble() * 2) - 1) * 0.5f;
            }
        }

        var info = new ManifestInfo(
            "tiny",
            EmbeddingSize: 8,
            HiddenSize: Hidden,
            Layers: 2,
            new OnnxGraphInfo((int)BackboneOnnxExporter.Opset, BackboneOnnxExporter.IrVersion, ["tokens: int64 [T, B]", "state: float [2, B, 16]"], ["features: float [T, B, 16]", "state_out: float [2, B, 16]"]),
            new TrainingInfo([], [], [], "test: random weights", new Dictionary<string, string>(), 0, 0, 21));
        ModelFolderWriter.Write(_modelDir, BackboneOnnxExporter.ToBytes(weights), adapter, new InnerLoopSettings(), info, "# tiny\nRandom weights for tests.\n");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Exported_folder_loads_and_generates_a_midi_file_that_reads_back()
    {
        var model = ModelFolder.Load(_modelDir);
        using var backbone = new OnnxBackbone(model.BackbonePath);
        var generator = new Generator(backbone, new AdapterHead(model.InitialAdapter), new Sampler(new SamplerSettings { Seed = 5 }));
        var tokenizer = new PerformanceTokenizer();
        generator.Prime(tokenizer.Encode([new Note(60, 90, 0, 0.5), new Note(64, 90, 0.5, 1.0)]));

        var tokens = generator.Generate(seconds: 6);
        var path = _temp.File("out.mid");
        MidiFile.FromNotes(tokenizer.Decode(tokens)).Write(path);
        var notes = MidiFile.Read(path).ToNotes();

        Assert.Equal(Hidden, backbone.FeatureSize);
        Assert.NotEmpty(notes);
        Assert.All(notes, n => Assert.InRange(n.End - n.Start, 0, new SamplerSettings().MaxNoteSeconds + 1.0));
    }

    [Fact]
    public void Truncated_backbone_is_refused_before_onnx_runtime_sees_it()
    {
        var path = Path.Combine(_modelDir, "backbone.onnx");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var ex = Assert.Throws<InvalidDataException>(() => ModelFolder.Load(_modelDir));
        Assert.Contains($"{path}: size mismatch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_command_writes_a_continuation_of_the_primer()
    {
        var primer = _temp.File("primer.mid");
        MidiFile.FromNotes([new Note(67, 80, 0, 0.4), new Note(69, 80, 0.4, 0.8)]).Write(primer);
        var output = _temp.File("generated.mid");

        var (code, stdout, stderr) = CliRunner.Edgemeta("generate", "--model", _modelDir, "--prime", primer, "--seconds", "4", "--out", output, "--seed", "3");

        Assert.True(code == 0, stderr);
        Assert.Contains("model: tiny-", stdout, StringComparison.Ordinal);
        var notes = MidiFile.Read(output).ToNotes();
        Assert.Contains(notes, n => n.Pitch == 67 && n.Start < 0.01); // the primer comes first
        Assert.True(notes.Count > 2, $"only {notes.Count} notes");
    }

    [Fact]
    public void Generate_command_with_a_tampered_adapter_exits_2_naming_the_file()
    {
        var adapterPath = Path.Combine(_modelDir, "adapter.safetensors");
        var bytes = File.ReadAllBytes(adapterPath);
        bytes[^3] ^= 0x55;
        File.WriteAllBytes(adapterPath, bytes);

        var (code, _, stderr) = CliRunner.Edgemeta("generate", "--model", _modelDir, "--seconds", "1", "--out", _temp.File("x.mid"));

        Assert.Equal(2, code);
        Assert.StartsWith($"error: {adapterPath}: sha256 mismatch", stderr, StringComparison.Ordinal);
    }
}
