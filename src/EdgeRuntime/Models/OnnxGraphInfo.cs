namespace EdgeMeta.EdgeRuntime.Models;

/// <summary>What the exporter wrote into <c>backbone.onnx</c>.</summary>
/// <param name="Opset">Default-domain opset version.</param>
/// <param name="IrVersion">ONNX IR version.</param>
/// <param name="Inputs">Inputs with type and shape, e.g. "tokens: int64 [T, B]".</param>
/// <param name="Outputs">Outputs with type and shape, e.g. "features: float [T, B, F]".</param>
public sealed record OnnxGraphInfo(int Opset, long IrVersion, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);
