namespace EdgeMeta.EdgeRuntime.Adaptation.Onnx;

/// <summary>
/// The adapter's inner loop (rank 0: logits = H Wᵀ + b) as two ONNX graphs, so ONNX Runtime's GEMM
/// kernels run it. With H [n, F], W [V, F], b [V] and Y the one-hot targets divided by n:
/// <code>
///   step:  L = Gemm(H, W, b, transB)          [n, V]
///          log p = LogSoftmax(L)              loss = −Σ Y ⊙ log p
///          G = p / n − Y                      dLoss/dL
///          S = G ⊙ η                          η [V]: each output row's step size
///          W' = W − Sᵀ H  (one Gemm, C = W)   b' = b − Σ_n S
///   loss:  the same loss without the update (the support loss after the last step)
/// </code>
/// n is symbolic, so one session serves every support size; V, F and η are fixed when the graph is built. η is one rate
/// per row because the velocity rows may step faster than the rest (<see cref="InnerLoopSettings.VelocityRateScale"/>).
/// </summary>
internal static class InnerLoopGraphs
{
    public const string Features = "features";       // [n, F]
    public const string ScaledTargets = "targets";   // [n, V] one-hot / n
    public const string InverseCount = "inv_count";  // [] 1 / n
    public const string Weight = "weight";           // [V, F]
    public const string Bias = "bias";               // [V]
    public const string WeightOut = "weight_out";    // [V, F]
    public const string BiasOut = "bias_out";        // [V]
    public const string Loss = "loss";               // []

    /// <summary>One SGD step: inputs features, targets, inv_count, weight, bias; outputs weight_out, bias_out and the loss before the step.</summary>
    /// <param name="vocabularySize">V.</param>
    /// <param name="featureSize">F.</param>
    /// <param name="rowRates">η: the step size of each of the V output rows.</param>
    public static byte[] Step(int vocabularySize, int featureSize, float[] rowRates)
    {
        ArgumentNullException.ThrowIfNull(rowRates);
        ArgumentOutOfRangeException.ThrowIfNotEqual(rowRates.Length, vocabularySize, nameof(rowRates));
        if (Array.TrueForAll(rowRates, rate => rate == rowRates[0]))
        {
            return UniformStep(vocabularySize, featureSize, rowRates[0]);
        }

        var graph = Common("edgemeta_inner_step", vocabularySize, featureSize)
            .Input(InverseCount)
            .FloatConstant("row_rates", rowRates, vocabularySize)
            .Int64Constant("rows", 0)
            .Node("Exp", ["log_p"], ["p"])
            .Node("Mul", ["p", InverseCount], ["p_over_n"])
            .Node("Sub", ["p_over_n", ScaledTargets], ["g"])
            .Node("Mul", ["g", "row_rates"], ["step"])
            .Node("Gemm", ["step", Features, Weight], [WeightOut], ("alpha", -1f), ("beta", 1f), ("transA", 1L))
            .Node("ReduceSum", ["step", "rows"], ["bias_delta"], ("keepdims", 0L))
            .Node("Sub", [Bias, "bias_delta"], [BiasOut])
            .Output(WeightOut, vocabularySize, featureSize)
            .Output(BiasOut, vocabularySize);
        return graph.ToModel();
    }

    /// <summary>
    /// The step with one rate for every row: η folds into the Gemm's alpha and one scalar multiply, sparing the n × V
    /// multiply of the per-row form on every step.
    /// </summary>
    private static byte[] UniformStep(int vocabularySize, int featureSize, float learningRate)
    {
        var graph = Common("edgemeta_inner_step", vocabularySize, featureSize)
            .Input(InverseCount)
            .FloatConstant("learning_rate", [learningRate])
            .Int64Constant("rows", 0)
            .Node("Exp", ["log_p"], ["p"])
            .Node("Mul", ["p", InverseCount], ["p_over_n"])
            .Node("Sub", ["p_over_n", ScaledTargets], ["g"])
            .Node("Gemm", ["g", Features, Weight], [WeightOut], ("alpha", -learningRate), ("beta", 1f), ("transA", 1L))
            .Node("ReduceSum", ["g", "rows"], ["bias_grad"], ("keepdims", 0L))
            .Node("Mul", ["bias_grad", "learning_rate"], ["bias_delta"])
            .Node("Sub", [Bias, "bias_delta"], [BiasOut])
            .Output(WeightOut, vocabularySize, featureSize)
            .Output(BiasOut, vocabularySize);
        return graph.ToModel();
    }

    /// <summary>The mean support cross-entropy: inputs features, targets, weight, bias; output loss.</summary>
    public static byte[] LossOnly(int vocabularySize, int featureSize) =>
        Common("edgemeta_inner_loss", vocabularySize, featureSize).ToModel();

    private static OnnxGraphWriter Common(string name, int v, int f) =>
        new OnnxGraphWriter(name)
            .Input(Features, "n", f)
            .Input(ScaledTargets, "n", v)
            .Input(Weight, v, f)
            .Input(Bias, v)
            .Node("Gemm", [Features, Weight, Bias], ["logits"], ("transB", 1L))
            .Node("LogSoftmax", ["logits"], ["log_p"], ("axis", 1L))
            .Node("Mul", [ScaledTargets, "log_p"], ["target_log_p"])
            .Node("ReduceSum", ["target_log_p"], ["minus_loss"], ("keepdims", 0L))
            .Node("Neg", ["minus_loss"], [Loss])
            .Output(Loss);
}
