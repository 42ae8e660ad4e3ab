using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Export;
using EdgeMeta.Trainer.Tests.Export;

namespace EdgeMeta.Trainer.Tests.Adaptation;

/// <summary>A model folder in the shipped format: a seeded random GRU backbone exported to ONNX and a rank-4 adapter init.</summary>
internal static class TinyAdaptationModel
{
    public const int Hidden = 32;

    public static LoadedModel Write(string dir)
    {
        var weights = RandomBackbone.Create(seed: 11, Vocabulary.Size, embedding: 16, hidden: Hidden, layers: 1);
        var init = new AdapterParameters(Vocabulary.Size, Hidden, rank: 4);
        var random = new Random(12);
        for (int i = 0; i < init.HeadWeight.Length; i++)
        {
            init.HeadWeight[i] = (float)(random.NextDouble() * 2 - 1) * 0.05f;
        }

        for (int i = 0; i < init.LoraDown.Length; i++)
        {
            init.LoraDown[i] = (float)(random.NextDouble() * 2 - 1) * 0.1f;
        }

        var info = new ManifestInfo(
            "two-performers",
            EmbeddingSize: 16,
            HiddenSize: Hidden,
            Layers: 1,
            new OnnxGraphInfo((int)BackboneOnnxExporter.Opset, BackboneOnnxExporter.IrVersion, ["tokens"], ["features"]),
            new TrainingInfo([], [], [], "test: random backbone", new Dictionary<string, string>(), 0, 0, 11));
        ModelFolderWriter.Write(dir, BackboneOnnxExporter.ToBytes(weights), init, new InnerLoopSettings(), info, "# random backbone for a test\n");
        return ModelFolder.Load(dir);
    }
}
