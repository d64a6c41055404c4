using Microsoft.ML.OnnxRuntime;

namespace PoseTools.Inference;

/// <summary>Creates ONNX Runtime sessions with PoseTools' settings: CPU, full graph optimisation, a chosen thread count.</summary>
public static class OnnxSessionFactory
{
    /// <param name="modelPath">An .onnx file.</param>
    /// <param name="intraOpThreads">Threads one inference may use; 0 lets ONNX Runtime choose (one per core).</param>
    /// <param name="spinWait">Let idle worker threads spin: lower latency for one stream of images, wasted CPU when
    /// several inferences already keep every core busy.</param>
    public static InferenceSession Create(string modelPath, int intraOpThreads = 0, bool spinWait = true)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", spinWait ? "1" : "0");
        return new InferenceSession(modelPath, options);
    }
}
