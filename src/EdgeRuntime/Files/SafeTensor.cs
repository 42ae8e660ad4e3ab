namespace EdgeMeta.EdgeRuntime.Files;

/// <summary>One float32 tensor of a safetensors file: its name, shape and row-major values.</summary>
/// <param name="Name">Tensor name, e.g. "head.weight".</param>
/// <param name="Shape">Dimensions, outermost first; empty for a scalar.</param>
/// <param name="Data">Row-major values; length is the product of <paramref name="Shape"/>.</param>
public sealed record SafeTensor(string Name, int[] Shape, float[] Data)
{
    /// <summary>Number of elements the shape describes (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (n, d) => n * d);

    /// <summary>"[391, 256]" for messages.</summary>
    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}
