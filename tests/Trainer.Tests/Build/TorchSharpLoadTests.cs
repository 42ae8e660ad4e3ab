using static TorchSharp.torch;

namespace EdgeMeta.Trainer.Tests.Build;

public sealed class TorchSharpLoadTests
{
    [Fact]
    public void TorchSharp_loads_and_runs_a_backward_pass()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1f, 2f, 3f }, requires_grad: true);
        var y = (x * x).sum();
        y.backward();

        // d/dx sum(x^2) = 2x
        Assert.Equal(new float[] { 2f, 4f, 6f }, x.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Gru_forward_and_backward_run_on_cpu()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(1);
        using var gru = nn.GRU(4, 8, numLayers: 2);
        var input = randn(5, 3, 4); // [T, B, E]
        var (output, state) = gru.call(input, null);
        Assert.Equal(new long[] { 5, 3, 8 }, output.shape);
        Assert.Equal(new long[] { 2, 3, 8 }, state.shape);
        output.sum().backward();
        Assert.True(gru.parameters().All(p => p.grad is not null));
    }
}
