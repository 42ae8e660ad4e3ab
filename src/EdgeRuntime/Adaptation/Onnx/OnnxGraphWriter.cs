namespace EdgeMeta.EdgeRuntime.Adaptation.Onnx;

/// <summary>
/// Writes a small ONNX model (IR 8, default opset 17) node by node: float tensors in and out, int64
/// constants as initializers, int and float attributes. Field numbers are those of onnx.proto
/// (ModelProto, GraphProto, NodeProto, AttributeProto, ValueInfoProto, TensorProto).
/// </summary>
internal sealed class OnnxGraphWriter
{
    private const int FloatType = 1;   // TensorProto.DataType.FLOAT
    private const int Int64Type = 7;   // TensorProto.DataType.INT64
    private readonly ProtobufWriter _graph = new();

    /// <summary>Starts an empty graph called <paramref name="graphName"/>.</summary>
    public OnnxGraphWriter(string graphName) => _graph.String(2, graphName);

    /// <summary>A graph input or output of float elements; a dimension is a number or a symbolic name.</summary>
    public OnnxGraphWriter Input(string name, params object[] dims) => ValueInfo(11, name, dims);

    /// <inheritdoc cref="Input"/>
    public OnnxGraphWriter Output(string name, params object[] dims) => ValueInfo(12, name, dims);

    /// <summary>A constant int64 tensor (e.g. the axes of a reduction).</summary>
    public OnnxGraphWriter Int64Constant(string name, params long[] values)
    {
        var tensor = new ProtobufWriter()
            .PackedInts(1, [values.Length])    // dims
            .Int(2, Int64Type)                 // data_type
            .PackedInts(7, values)             // int64_data
            .String(8, name);                  // name
        _graph.Message(5, tensor);             // initializer
        return this;
    }

    /// <summary>A constant float tensor of the given shape (a scalar when <paramref name="dims"/> is empty).</summary>
    public OnnxGraphWriter FloatConstant(string name, float[] values, params long[] dims)
    {
        var tensor = new ProtobufWriter()
            .PackedInts(1, dims)               // dims
            .Int(2, FloatType)                 // data_type
            .PackedFloats(4, values)           // float_data
            .String(8, name);                  // name
        _graph.Message(5, tensor);             // initializer
        return this;
    }

    /// <summary>One operator. Attribute values are <see cref="long"/> (INT) or <see cref="float"/> (FLOAT).</summary>
    public OnnxGraphWriter Node(string opType, string[] inputs, string[] outputs, params (string Name, object Value)[] attributes)
    {
        var node = new ProtobufWriter();
        foreach (string input in inputs)
        {
            node.String(1, input);
        }

        foreach (string output in outputs)
        {
            node.String(2, output);
        }

        node.String(3, outputs[0]).String(4, opType);
        foreach (var (name, value) in attributes)
        {
            var attribute = new ProtobufWriter().String(1, name);
            switch (value)
            {
                case float f:
                    attribute.Float(2, f).Int(20, 1);   // f, type FLOAT
                    break;
                case long i:
                    attribute.Int(3, i).Int(20, 2);     // i, type INT
                    break;
                default:
                    throw new ArgumentException($"Attribute {name} of {opType}: unsupported value type {value?.GetType().Name}.", nameof(attributes));
            }

            node.Message(5, attribute);
        }

        _graph.Message(1, node);
        return this;
    }

    /// <summary>The serialised ModelProto, ready for <c>new InferenceSession(bytes)</c>.</summary>
    public byte[] ToModel()
    {
        var opset = new ProtobufWriter().String(1, string.Empty).Int(2, 17);
        return new ProtobufWriter()
            .Int(1, 8)                       // ir_version
            .String(2, "edgemeta")           // producer_name
            .Message(7, _graph)              // graph
            .Message(8, opset)               // opset_import
            .ToArray();
    }

    private OnnxGraphWriter ValueInfo(int field, string name, object[] dims)
    {
        var shape = new ProtobufWriter();
        foreach (object dim in dims)
        {
            var dimension = dim switch
            {
                int size => new ProtobufWriter().Int(1, size),           // dim_value
                string symbol => new ProtobufWriter().String(2, symbol), // dim_param
                _ => throw new ArgumentException($"Dimension of {name}: {dim} is neither a size nor a name.", nameof(dims)),
            };
            shape.Message(1, dimension);
        }

        var tensorType = new ProtobufWriter().Int(1, FloatType).Message(2, shape);
        var type = new ProtobufWriter().Message(1, tensorType);
        _graph.Message(field, new ProtobufWriter().String(1, name).Message(2, type));
        return this;
    }
}
