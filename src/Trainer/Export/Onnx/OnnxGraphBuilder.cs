using System.Runtime.InteropServices;
using EdgeMeta.Trainer.Export.Onnx.Proto;
using Google.Protobuf;

namespace EdgeMeta.Trainer.Export.Onnx;

/// <summary>
/// Small helper over the generated protobuf classes: builds one ONNX graph (initializers, nodes, typed
/// inputs and outputs) and wraps it in a model with an explicit IR version and opset.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(string graphName) => _graph = new GraphProto { Name = graphName };

    /// <summary>Adds a float initializer; <paramref name="values"/> is row-major with the given dims.</summary>
    public string AddInitializer(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        CheckCount(name, values.Length, dims);
        // raw_data must be little-endian; every platform .NET 10 and ONNX Runtime run on here is.
        var bytes = MemoryMarshal.AsBytes(values);
        return AddTensor(name, TensorProto.Types.DataType.Float, ByteString.CopyFrom(bytes), dims);
    }

    /// <summary>Adds an int64 initializer (shape arguments of Slice, Squeeze, ...).</summary>
    public string AddInitializer(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        CheckCount(name, values.Length, dims);
        var bytes = MemoryMarshal.AsBytes(values);
        return AddTensor(name, TensorProto.Types.DataType.Int64, ByteString.CopyFrom(bytes), dims);
    }

    /// <summary>Declares a graph input. A string dim is symbolic (dim_param), a number is fixed (dim_value).</summary>
    public void AddInput(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        Claim(name);
        _graph.Input.Add(ValueInfo(name, type, dims));
    }

    /// <summary>Declares a graph output (produced by a node added before or after).</summary>
    public void AddOutput(string name, TensorProto.Types.DataType type, params object[] dims) =>
        _graph.Output.Add(ValueInfo(name, type, dims));

    /// <summary>Adds a node; returns it so the caller can add attributes. Output names must be new.</summary>
    public NodeProto AddNode(string opType, string name, IEnumerable<string> inputs, IEnumerable<string> outputs)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        foreach (var output in outputs)
        {
            // An empty name marks an optional output the graph does not use.
            if (output.Length > 0)
            {
                Claim(output);
            }

            node.Output.Add(output);
        }

        _graph.Node.Add(node);
        return node;
    }

    /// <summary>Wraps the graph in a model with the given IR version, default-domain opset and metadata.</summary>
    public ModelProto Build(long irVersion, long opset, string producer, IReadOnlyDictionary<string, string> metadata)
    {
        var model = new ModelProto
        {
            IrVersion = irVersion,
            ProducerName = producer,
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "0",
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = opset });
        foreach (var (key, value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    public static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto StringAttribute(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    private string AddTensor(string name, TensorProto.Types.DataType type, ByteString raw, long[] dims)
    {
        Claim(name);
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = raw };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim switch
            {
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                int size => new TensorShapeProto.Types.Dimension { DimValue = size },
                long size => new TensorShapeProto.Types.Dimension { DimValue = size },
                _ => throw new ArgumentException($"Dimension of '{name}' must be a string or an integer, got {dim.GetType().Name}.", nameof(dims)),
            });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    private void Claim(string name)
    {
        if (!_names.Add(name))
        {
            throw new ArgumentException($"ONNX value name '{name}' is used twice in graph '{_graph.Name}'.", nameof(name));
        }
    }

    private static void CheckCount(string name, int count, long[] dims)
    {
        var expected = dims.Aggregate(1L, (product, dim) => product * dim);
        if (expected != count)
        {
            throw new ArgumentException($"Initializer '{name}' has {count} values but its shape [{string.Join(", ", dims)}] needs {expected}.", nameof(dims));
        }
    }
}
