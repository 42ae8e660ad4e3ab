using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Export;
using EdgeMeta.Trainer.Models;
using static TorchSharp.torch;

namespace EdgeMeta.Trainer.Tests.Export;

/// <summary>
/// Acceptance for the export: torch.nn.Embedding + torch.nn.GRU with random weights, exported through
/// <see cref="BackboneWeights"/>, give the same features and final states on ONNX Runtime (max abs ≤ 1e-4).
/// </summary>
public sealed class TorchSharpParityTests : IDisposable
{
    private const int Vocab = 64;
    private const float Tolerance = 1e-4f;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(16, 32, 1)]
    [InlineData(24, 48, 2)]
    public void Sequence_mode_matches_torchsharp_from_a_random_state(int embedding, int hidden, int layers)
    {
        using var scope = NewDisposeScope();
        using var model = new TorchBackbone(seed: 100 + hidden, embedding, hidden, layers);
        using var backbone = Export(model);

        for (var trial = 0; trial < 3; trial++)
        {
            var tokens = RandomBackbone.Tokens(200 + trial, 25 + trial * 10, Vocab);
            var initial = RandomBackbone.State(300 + trial, layers * hidden);
            var (expectedFeatures, expectedState) = model.Run(tokens, initial);

            var finalState = new float[backbone.StateSize];
            var features = backbone.RunSequence(tokens, initial, finalState);

            Assert.InRange(RandomBackbone.MaxAbsDifference(expectedFeatures, features), 0f, Tolerance);
            Assert.InRange(RandomBackbone.MaxAbsDifference(expectedState, finalState), 0f, Tolerance);
        }
    }

    [Theory]
    [InlineData(16, 32, 1)]
    [InlineData(24, 48, 2)]
    public void Step_mode_matches_torchsharp_one_token_at_a_time(int embedding, int hidden, int layers)
    {
        using var scope = NewDisposeScope();
        using var model = new TorchBackbone(seed: 400 + hidden, embedding, hidden, layers);
        using var backbone = Export(model);
        var state = RandomBackbone.State(500, layers * hidden);
        backbone.SetState(state);

        foreach (var token in RandomBackbone.Tokens(600, 30, Vocab))
        {
            var (expectedFeatures, expectedState) = model.Run([token], state);
            var features = backbone.Step(token);
            backbone.CopyStateTo(state);

            Assert.InRange(RandomBackbone.MaxAbsDifference(expectedFeatures, features), 0f, Tolerance);
            Assert.InRange(RandomBackbone.MaxAbsDifference(expectedState, state), 0f, Tolerance);
            // Carry TorchSharp's own state so the two runs stay independent.
            state = expectedState;
        }
    }

    [Fact]
    public void Trainer_backbone_export_matches_its_own_forward_in_batch_and_step_mode()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var model = new Backbone(new ModelConfig(EmbeddingSize: 16, HiddenSize: 32, Layers: 2));
        model.eval();
        using var backbone = Export(model.ExportWeights());
        int[][] sequences = [RandomBackbone.Tokens(700, 12, Vocabulary.Size), RandomBackbone.Tokens(701, 12, Vocabulary.Size)];

        float[] expected; // [T, B, H]
        using (no_grad())
        {
            var ids = tensor(Enumerable.Range(0, 12).SelectMany(t => sequences.Select(s => (long)s[t])).ToArray(), [12, 2]);
            expected = model.forward(ids, null).Features.data<float>().ToArray();
        }

        var batch = backbone.RunBatch(sequences, Vocabulary.Pad);
        for (var b = 0; b < 2; b++)
        {
            backbone.ResetState();
            for (var t = 0; t < 12; t++)
            {
                var torchRow = expected.AsSpan((t * 2 + b) * 32, 32);
                Assert.InRange(RandomBackbone.MaxAbsDifference(torchRow, batch[b].AsSpan(t * 32, 32)), 0f, Tolerance);
                Assert.InRange(RandomBackbone.MaxAbsDifference(torchRow, backbone.Step(sequences[b][t])), 0f, Tolerance);
            }
        }
    }

    private OnnxBackbone Export(TorchBackbone model) => Export(model.ToWeights());

    private OnnxBackbone Export(BackboneWeights weights)
    {
        var path = _temp.File($"backbone-{Guid.NewGuid():N}.onnx");
        BackboneOnnxExporter.Export(weights, path);
        return new OnnxBackbone(path);
    }

    /// <summary>torch.nn.Embedding + torch.nn.GRU (time-major), seeded.</summary>
    private sealed class TorchBackbone : IDisposable
    {
        private readonly TorchSharp.Modules.Embedding _embedding;
        private readonly TorchSharp.Modules.GRU _gru;
        private readonly int _embeddingSize;
        private readonly int _hidden;
        private readonly int _layers;

        public TorchBackbone(int seed, int embedding, int hidden, int layers)
        {
            manual_seed(seed);
            (_embeddingSize, _hidden, _layers) = (embedding, hidden, layers);
            _embedding = nn.Embedding(Vocab, embedding);
            _gru = nn.GRU(embedding, hidden, numLayers: layers);
        }

        public BackboneWeights ToWeights()
        {
            var parameters = _gru.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            float[] Get(string name) => parameters[name].data<float>().ToArray();
            var layers = Enumerable.Range(0, _layers)
                .Select(l => new GruLayerWeights(Get($"weight_ih_l{l}"), Get($"weight_hh_l{l}"), Get($"bias_ih_l{l}"), Get($"bias_hh_l{l}")))
                .ToList();
            return new BackboneWeights(Vocab, _embeddingSize, _hidden, _embedding.weight!.data<float>().ToArray(), layers);
        }

        /// <summary>Features [T × H] and final state [L × H] from <paramref name="initial"/> [L × H].</summary>
        public (float[] Features, float[] State) Run(int[] tokens, float[] initial)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var ids = tensor(tokens.Select(t => (long)t).ToArray(), [tokens.Length, 1]);   // [T, 1]
            var h0 = tensor(initial, [_layers, 1, _hidden]);                                 // [L, 1, H]
            var (output, hN) = _gru.forward(_embedding.forward(ids), h0);                  // [T, 1, H], [L, 1, H]
            return (output.data<float>().ToArray(), hN.data<float>().ToArray());
        }

        public void Dispose()
        {
            _gru.Dispose();
            _embedding.Dispose();
        }
    }
}
