using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.Trainer.Export;
using EdgeMeta.Trainer.Export.Onnx;
using EdgeMeta.Trainer.Export.Onnx.Proto;

namespace EdgeMeta.Trainer.Tests.Export;

public sealed class BackboneOnnxExporterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Gate_reorder_moves_update_block_first_and_keeps_candidate_last()
    {
        // H = 1, two columns: blocks r = [1, 2], z = [3, 4], n = [5, 6].
        var onnx = GruGateOrder.ToOnnx([1f, 2f, 3f, 4f, 5f, 6f], hiddenSize: 1, columns: 2);

        Assert.Equal([3f, 4f, 1f, 2f, 5f, 6f], onnx);
    }

    [Fact]
    public void Exported_model_declares_ir_version_opset_metadata_and_dynamic_axes()
    {
        var model = ModelProto.Parser.ParseFrom(BackboneOnnxExporter.ToBytes(RandomBackbone.Create(1, 20, 4, 6, 2)));

        Assert.Equal(BackboneOnnxExporter.IrVersion, model.IrVersion);
        var opset = Assert.Single(model.OpsetImport);
        Assert.Equal((string.Empty, BackboneOnnxExporter.Opset), (opset.Domain, opset.Version));
        Assert.Contains(model.MetadataProps, p => p.Key == OnnxBackboneNames.VocabularySizeKey && p.Value == "20");

        var tokens = model.Graph.Input.Single(i => i.Name == OnnxBackboneNames.Tokens).Type.TensorType;
        Assert.Equal((int)TensorProto.Types.DataType.Int64, tokens.ElemType);
        Assert.Equal(["T", "B"], tokens.Shape.Dim.Select(d => d.DimParam));
        var state = model.Graph.Input.Single(i => i.Name == OnnxBackboneNames.State).Type.TensorType.Shape.Dim;
        Assert.Equal((2L, "B", 6L), (state[0].DimValue, state[1].DimParam, state[2].DimValue));
        Assert.Equal([OnnxBackboneNames.Features, OnnxBackboneNames.StateOut], model.Graph.Output.Select(o => o.Name));

        var grus = model.Graph.Node.Where(n => n.OpType == "GRU").ToList();
        Assert.Equal(2, grus.Count);
        Assert.All(grus, g => Assert.Contains(g.Attribute, a => a.Name == "linear_before_reset" && a.I == 1));
        Assert.Equal([1L, 18L, 4L], model.Graph.Initializer.Single(t => t.Name == "gru0.W").Dims);
    }

    [Fact]
    public void Weights_with_a_wrong_length_are_rejected_naming_the_tensor()
    {
        var good = RandomBackbone.Create(2, 10, 4, 6, 1);
        var layer = good.Layers[0] with { BiasHh = new float[5] };
        var bad = good with { Layers = [layer] };

        var error = Assert.Throws<ArgumentException>(() => BackboneOnnxExporter.ToBytes(bad));

        Assert.Contains("layer 0 bias_hh", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16, 32, 1)]
    [InlineData(24, 48, 2)]
    public void Onnx_runtime_sequence_output_matches_a_reference_gru(int embedding, int hidden, int layers)
    {
        var weights = RandomBackbone.Create(3, 50, embedding, hidden, layers);
        var path = _temp.File("backbone.onnx");
        BackboneOnnxExporter.Export(weights, path);
        var tokens = RandomBackbone.Tokens(4, 40, 50);
        var initial = RandomBackbone.State(5, layers * hidden);

        using var backbone = new OnnxBackbone(path);
        var finalState = new float[backbone.StateSize];
        var features = backbone.RunSequence(tokens, initial, finalState);

        var referenceState = (float[])initial.Clone();
        var expected = ReferenceGru.Run(weights, tokens, referenceState);
        Assert.True(RandomBackbone.MaxAbsDifference(expected, features) < 1e-4f);
        Assert.True(RandomBackbone.MaxAbsDifference(referenceState, finalState) < 1e-4f);
    }

    [Fact]
    public void Export_to_a_path_leaves_no_temporary_file_behind()
    {
        var path = _temp.File("backbone.onnx");

        BackboneOnnxExporter.Export(RandomBackbone.Create(6, 10, 4, 6, 1), path);

        Assert.Equal(["backbone.onnx"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
        Assert.Equal(BackboneOnnxExporter.ToBytes(RandomBackbone.Create(6, 10, 4, 6, 1)), File.ReadAllBytes(path));
    }
}
