using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Profiles;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Fuzz;

/// <summary>
/// Seed inputs for each target, written by the project's own writers (MidiFile, AdapterFile, ProfileStore,
/// ModelManifest), small as AFL likes them: a fuzzer mutates valid files far deeper than random bytes.
/// </summary>
internal static class SeedCorpus
{
    public static int Write(string root)
    {
        var count = 0;
        void Put(string target, string name, byte[] bytes)
        {
            var dir = Path.Combine(root, target);
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(Path.Combine(dir, name), bytes);
            count++;
        }

        Put("smf", "scale.mid", MidiFile.FromNotes(Scale(0, 18)).ToBytes());
        Put("smf", "chords-two-tracks.mid", MidiFile.FromNotes([.. Chord(0, 0.0), .. Chord(1, 0.5), .. Scale(1, 4)], ticksPerQuarter: 96, bpm: 90).ToBytes());
        Put("smf", "drums.mid", MidiFile.FromNotes([.. Scale(0, 6).Select(n => n with { Channel = 9 })]).ToBytes());
        Put("smf", "three-notes.mid", MidiFile.FromNotes(Scale(0, 3)).ToBytes());

        Put("live", "notes-running-status.bin", [0x90, 60, 100, 62, 90, 0xF8, 64, 80, 0x80, 60, 0, 0x90, 62, 0, 64, 0]);
        Put("live", "controls-bend-program.bin", [0xB0, 64, 127, 0xE1, 0, 64, 0xC2, 5, 0xD3, 40, 0xB0, 123, 0, 0xFE]);
        Put("live", "sysex-and-clock.bin", [0xF0, 0x7E, 0x7F, 0x06, 0xF8, 0x01, 0xF7, 0xFA, 0x90, 48, 64, 0xFC, 0xF2, 0x10, 0x20, 0x80, 48, 0]);

        var settings = new InnerLoopSettings(Steps: 5, LearningRate: 0.5f, ReptileEpsilon: 0.5f);
        Put("safetensors", "adapter.safetensors", AdapterFile.ToBytes(SmallAdapter(4, 3, 0), settings, "seed-00000000"));
        Put("safetensors", "adapter-lowrank.safetensors", AdapterFile.ToBytes(SmallAdapter(4, 3, 1), settings, "seed-00000000"));

        Put("manifest", "manifest.json", System.Text.Encoding.UTF8.GetBytes(Manifest().ToJson()));

        var profile = PerformerProfile.FromInit("ana", "seed-00000000", SmallAdapter(4, 3, 0), settings, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        Put("profile", "ana.safetensors", ProfileStore.ToBytes(profile));
        return count;
    }

    private static List<Note> Scale(int track, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Note(60 + (i * 2 % 12), 40 + (i * 7 % 80), i * 0.25, (i * 0.25) + 0.2, Channel: 0, Track: track))];

    private static IEnumerable<Note> Chord(int track, double start) =>
        new[] { 60, 64, 67 }.Select(p => new Note(p, 80, start, start + 0.4, Channel: 1, Track: track));

    private static AdapterParameters SmallAdapter(int vocab, int features, int rank)
    {
        var adapter = new AdapterParameters(vocab, features, rank);
        foreach (var (_, _, data) in adapter.Tensors())
        {
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (i % 7 - 3) * 0.125f;
            }
        }

        return adapter;
    }

    private static ModelManifest Manifest() => new(
        FormatVersion: ModelManifest.CurrentFormatVersion,
        ModelId: "seed-00000000",
        Name: "seed",
        Vocabulary: VocabularySpec.Current,
        Dimensions: new ModelDimensions(EmbeddingSize: 8, HiddenSize: 16, Layers: 2, FeatureSize: 16, AdapterRank: 0, VocabularySize: Vocabulary.Size),
        Onnx: new OnnxGraphInfo(17, 8, ["tokens: int64 [T, B]", "state: float [2, B, 16]"], ["features: float [T, B, 16]", "state_out: float [2, B, 16]"]),
        InnerLoop: new InnerLoopSettings(),
        Training: new TrainingInfo(["data"], [], ["jsb/test"], "edgemeta-train train", new Dictionary<string, string> { ["training.algorithm"] = "anil" }, 10, 1.5, 7),
        Evaluation: new Dictionary<string, string> { ["nll"] = "1.5" },
        Files: new Dictionary<string, ManifestFileEntry>
        {
            ["backbone.onnx"] = new(new string('0', 64), 1024),
            ["adapter.safetensors"] = new(new string('1', 64), 512),
        });
}
