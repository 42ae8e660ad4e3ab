namespace EdgeMeta.Trainer.Export.Onnx;

/// <summary>
/// PyTorch stacks a GRU's three gate blocks as (r, z, n); ONNX's GRU operator expects (z, r, h).
/// The n and h blocks are the same gate (the candidate state), so the reorder swaps the first two blocks.
/// </summary>
internal static class GruGateOrder
{
    /// <summary>
    /// Returns a copy of <paramref name="pytorch"/> ([3H, cols] row-major, or [3H] with cols = 1) with the
    /// blocks reordered from (r, z, n) to (z, r, h).
    /// </summary>
    public static float[] ToOnnx(ReadOnlySpan<float> pytorch, int hiddenSize, int columns)
    {
        var block = hiddenSize * columns;
        if (pytorch.Length != 3 * block)
        {
            throw new ArgumentException($"GRU gate tensor has {pytorch.Length} values, expected 3 x {hiddenSize} x {columns} = {3 * block}.", nameof(pytorch));
        }

        var onnx = new float[pytorch.Length];
        pytorch.Slice(block, block).CopyTo(onnx.AsSpan(0, block));          // z
        pytorch.Slice(0, block).CopyTo(onnx.AsSpan(block, block));          // r
        pytorch.Slice(2 * block, block).CopyTo(onnx.AsSpan(2 * block, block)); // n == h
        return onnx;
    }
}
