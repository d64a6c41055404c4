using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;

namespace PoseTools.Inference;

/// <summary>
/// One ONNX session plus a pool of pre-allocated, pinned input/output buffers. Each call rents a buffer set,
/// so concurrent calls never share memory and a warm call allocates nothing for its tensors.
/// </summary>
internal sealed class OnnxModelRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly long[] _inputShape;
    private readonly string[] _outputNames;
    private readonly long[][] _outputShapes;
    private readonly ConcurrentBag<TensorBuffers> _pool = [];
    private readonly List<TensorBuffers> _all = [];
    private readonly RunOptions _runOptions = new();

    public OnnxModelRunner(InferenceSession session, IReadOnlyList<string> outputNames)
    {
        _session = session;
        var input = session.InputMetadata.Single();
        _inputNames = [input.Key];
        _inputShape = input.Value.Dimensions.Select(d => (long)d).ToArray();
        _outputNames = outputNames.ToArray();
        _outputShapes = _outputNames.Select(n => session.OutputMetadata[n].Dimensions.Select(d => (long)d).ToArray()).ToArray();
    }

    public IReadOnlyList<long> InputShape => _inputShape;

    /// <summary>Index of an output in <see cref="TensorBuffers.Outputs"/>.</summary>
    public int OutputIndex(string name) => Array.IndexOf(_outputNames, name) is >= 0 and var i ? i : throw new ArgumentException($"no output {name}");

    public TensorBuffers Rent() => _pool.TryTake(out var buffers) ? buffers : Create();

    public void Return(TensorBuffers buffers) => _pool.Add(buffers);

    public void Run(TensorBuffers buffers) =>
        _session.Run(_runOptions, _inputNames, buffers.InputValues, _outputNames, buffers.OutputValues);

    private TensorBuffers Create()
    {
        var buffers = new TensorBuffers(_inputShape, _outputShapes);
        lock (_all) _all.Add(buffers);
        return buffers;
    }

    public void Dispose()
    {
        lock (_all) foreach (var b in _all) b.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}

/// <summary>Pinned float arrays for one model's input and outputs, wrapped as OrtValues once.</summary>
internal sealed class TensorBuffers : IDisposable
{
    public float[] Input { get; }
    public float[][] Outputs { get; }
    internal OrtValue[] InputValues { get; }
    internal OrtValue[] OutputValues { get; }

    public TensorBuffers(long[] inputShape, long[][] outputShapes)
    {
        Input = new float[inputShape.Aggregate(1L, (a, b) => a * b)];
        InputValues = [OrtValue.CreateTensorValueFromMemory(Input, inputShape)];
        Outputs = outputShapes.Select(s => new float[s.Aggregate(1L, (a, b) => a * b)]).ToArray();
        OutputValues = Outputs.Select((o, i) => OrtValue.CreateTensorValueFromMemory(o, outputShapes[i])).ToArray();
    }

    public void Dispose()
    {
        foreach (var v in InputValues.Concat(OutputValues)) v.Dispose();
    }
}
