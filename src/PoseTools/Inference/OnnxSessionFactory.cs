using Microsoft.ML.OnnxRuntime;

namespace PoseTools.Inference;

/// <summary>
/// Creates ONNX Runtime sessions with PoseTools' settings: CPU, full graph optimisation, sequential execution.
/// <para>
/// Threads: a pipeline runs two models back to back. With a thread pool per session, the idle pool of one model
/// keeps spinning while the other runs and the two fight over the cores. So when PoseTools creates the ONNX
/// Runtime environment itself, all automatic-thread sessions share one global pool (one thread per core). Its threads
/// spin briefly between operators instead of sleeping: measured on 2 cores, interleaved runs, one photo with Full
/// took 13.2–14.1 ms spinning against 16.2–17.7 ms without (each operator's wake-up costs more than it computes).
/// Sessions with an explicit thread count (e.g. 1 per image when several images run in parallel) get their own pool
/// without spinning, so parallel work never burns a core on waiting.
/// </para>
/// </summary>
public static class OnnxSessionFactory
{
    private static readonly Lazy<bool> GlobalPool = new(CreateEnvironment);

    /// <summary>True when automatic-thread sessions share the process-wide pool.</summary>
    public static bool UsesGlobalThreadPool => GlobalPool.Value;

    private static bool CreateEnvironment()
    {
        var threading = new OrtThreadingOptions
        {
            GlobalIntraOpNumThreads = Environment.ProcessorCount,
            GlobalInterOpNumThreads = 1,
            GlobalSpinControl = true,
        };
        var options = new EnvironmentCreationOptions { threadOptions = threading, logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        try
        {
            OrtEnv.CreateInstanceWithOptions(ref options);
            return true;
        }
        catch (OnnxRuntimeException)
        {
            return false; // someone else created the environment first: fall back to per-session pools
        }
    }

    /// <param name="modelPath">An .onnx file.</param>
    /// <param name="intraOpThreads">Threads one inference may use; 0 = automatic (the shared pool, one thread per core).</param>
    public static InferenceSession Create(string modelPath, int intraOpThreads = 0)
    {
        using var options = Options(intraOpThreads);
        return new InferenceSession(modelPath, options);
    }

    /// <summary>The same, from model bytes (e.g. a pruned graph).</summary>
    public static InferenceSession Create(byte[] model, int intraOpThreads = 0)
    {
        using var options = Options(intraOpThreads);
        return new InferenceSession(model, options);
    }

    private static SessionOptions Options(int intraOpThreads)
    {
        // The environment is made before any session, whatever its threads: a session made first would create ONNX
        // Runtime's default environment and leave automatic-thread sessions without the shared pool for good (in pwsh,
        // after a folder of photos — one thread each — every lone Get-Pose -Path took 18.4–18.9 ms instead of 15.1–15.2).
        bool shared = GlobalPool.Value && intraOpThreads == 0;
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // With a memory pattern, a session's second run lays out one block for all its tensors and costs two to
            // three runs (detector 16.5 ms, full model 14.3, against 5.6 and 4.8 after): a user's second Get-Pose took
            // 45 ms. Without it the arena serves each tensor; later runs measured the same (interleaved, 5.0 / 4.6 ms).
            EnableMemoryPattern = false,
        };
        if (shared)
            options.DisablePerSessionThreads();
        else
        {
            options.IntraOpNumThreads = intraOpThreads;
            options.InterOpNumThreads = 1;
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        }
        return options;
    }
}
