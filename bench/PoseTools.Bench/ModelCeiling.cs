using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using PoseTools.Inference;
using PoseTools.Models;

namespace PoseTools.Bench;

/// <summary>
/// How fast PoseTools could be with nothing but ONNX Runtime's inference: the models alone, as the pipeline runs them
/// (the landmark model without its segmentation head; all cores in the shared pool for one photo, one thread for video
/// beside its decoder), and where the detector's time goes by kind of convolution.
/// </summary>
public static class ModelCeiling
{
    /// <summary>Median ms of the detector and the Full landmark model on all cores, and of the Full model on one thread.</summary>
    public static (double Detector, double Full, double FullOneThread) Measure(ModelStore store, int runs)
    {
        string detector = store.GetModelPath(PoseModel.Detector);
        string full = LandmarksOnlyModel.Find(store.GetModelPath(PoseModel.LandmarkFull)) ?? store.GetModelPath(PoseModel.LandmarkFull);
        return (Stats.Median(ModelBenchmark.Time(detector, 0, runs)), Stats.Median(ModelBenchmark.Time(full, 0, runs)),
                Stats.Median(ModelBenchmark.Time(full, 1, runs)));
    }

    /// <summary>
    /// The detector on one thread under ONNX Runtime's profiler: the share of its time in convolutions, and for each kind
    /// (1×1, depthwise, dense) the work done and the rate — a rate near the core's peak means no kernel tuning is left.
    /// </summary>
    public static void PrintDetectorConvolutions(ModelStore store, int runs)
    {
        string prefix = Path.Combine(Path.GetTempPath(), $"posetools-bench-profile-{Environment.ProcessId}");
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = 1, EnableProfiling = true, ProfileOutputPathPrefix = prefix };
        string file;
        using (var session = new InferenceSession(store.GetModelPath(PoseModel.Detector), options))
        {
            var feeds = new[] { NamedOnnxValue.CreateFromTensor("input_1", ModelBenchmark.RandomInput(session)) };
            for (int i = 0; i < runs; i++) session.Run(feeds).Dispose();
            file = session.EndProfiling();
        }
        var kinds = new Dictionary<string, (double Flops, double Us)>();
        double allUs = 0;
        using (var profile = JsonDocument.Parse(File.ReadAllBytes(file)))
            foreach (var e in profile.RootElement.EnumerateArray())
            {
                if (e.GetProperty("cat").GetString() != "Node" || !e.GetProperty("name").GetString()!.EndsWith("_kernel_time")) continue;
                double us = e.GetProperty("dur").GetDouble();
                allUs += us;
                var args = e.GetProperty("args");
                if (args.GetProperty("op_name").GetString() != "Conv") continue;
                var w = Shape(args.GetProperty("input_type_shape")[1]);
                var o = Shape(args.GetProperty("output_type_shape")[0]);
                string kind = w[1] == 1 && w[0] > 1 ? $"depthwise {w[2]}×{w[3]}" : w[2] * w[3] == 1 ? "1×1" : $"dense {w[2]}×{w[3]}";
                double flops = 2.0 * w[0] * w[1] * w[2] * w[3] * o[2] * o[3];
                kinds[kind] = kinds.TryGetValue(kind, out var k) ? (k.Flops + flops, k.Us + us) : (flops, us);
            }
        File.Delete(file);
        double convUs = kinds.Values.Sum(k => k.Us);
        Console.WriteLine($"detector, one thread, ONNX Runtime's profiler ({runs} runs): convolutions {100 * convUs / allUs:F0} % of its operators' time");
        foreach (var (kind, (flops, us)) in kinds.OrderByDescending(k => k.Value.Us))
            Console.WriteLine($"  {kind,-14} {flops / runs / 1e6,7:F0} MFLOP per run {us / runs / 1000,6:F2} ms  {flops / us / 1e3,6:F1} GFLOP/s");
    }

    private static int[] Shape(JsonElement typed) => typed.GetProperty("float").EnumerateArray().Select(d => d.GetInt32()).ToArray();
}
