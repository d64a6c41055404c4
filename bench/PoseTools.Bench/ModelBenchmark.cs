using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using PoseTools.Inference;
using PoseTools.Models;
using PoseTools.Models.Conversion;
using PoseTools.Models.TfLite;

namespace PoseTools.Bench;

/// <summary>Per model: TFLite → ONNX conversion time, session creation time, warm inference (median, p95) at 1 and 2 threads.</summary>
public static class ModelBenchmark
{
    // The official runtime (LiteRT.js, XNNPack, one thread) on this machine: ../shared/reference/README.md.
    private static readonly Dictionary<PoseModel, double> OfficialMs = new()
    {
        [PoseModel.Detector] = 16.0, [PoseModel.LandmarkLite] = 27.7, [PoseModel.LandmarkFull] = 39.7, [PoseModel.LandmarkHeavy] = 147,
    };

    public static void Run(BenchOptions options)
    {
        var store = new ModelStore(options.Models);
        if (!store.IsInstalled()) store.Install();
        var package = Path.Combine(Path.GetTempPath(), "posetools-bench-package");
        var tarball = File.Exists(Path.Combine(package, MediaPipePosePackage.TarballFileName))
            ? Path.Combine(package, MediaPipePosePackage.TarballFileName)
            : NpmClient.Pack(MediaPipePosePackage.Spec, package);
        var sources = MediaPipePosePackage.ReadTarball(tarball);

        Console.WriteLine($"{"model",-22}{"convert ms",11}{"session ms",11}{"1 thread ms",13}{"p95",7}{"2 threads ms",14}{"p95",7}{"official 1t",13}");
        foreach (var source in sources)
        {
            var convert = Stopwatch.StartNew();
            TfLiteToOnnxConverter.Convert(TfLiteReader.Read(source.TfLite, source.Model.Name()));
            double convertMs = convert.Elapsed.TotalMilliseconds;

            string path = store.GetModelPath(source.Model);
            var create = Stopwatch.StartNew();
            using (OnnxSessionFactory.Create(path, 1)) { }
            double sessionMs = create.Elapsed.TotalMilliseconds;

            var one = Time(path, 1, options.Runs);
            var two = Time(path, 2, options.Runs);
            Console.WriteLine($"{source.Model.Name(),-22}{convertMs,11:F0}{sessionMs,11:F0}{Stats.Median(one),13:F1}{Stats.Percentile(one, 95),7:F1}" +
                              $"{Stats.Median(two),14:F1}{Stats.Percentile(two, 95),7:F1}{OfficialMs[source.Model],13:F1}");
        }
        Console.WriteLine();
        ModelCeiling.PrintDetectorConvolutions(store, options.Runs);
    }

    /// <summary>Warm inference times of one model; <paramref name="threads"/> 0 = the shared pool one photo uses.</summary>
    internal static List<double> Time(string path, int threads, int runs)
    {
        using var session = OnnxSessionFactory.Create(path, threads);
        var feeds = new[] { NamedOnnxValue.CreateFromTensor("input_1", RandomInput(session)) };
        for (int i = 0; i < 5; i++) session.Run(feeds).Dispose();
        var times = new List<double>(runs);
        for (int i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            session.Run(feeds).Dispose();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    /// <summary>The model's input filled with the same pseudo-random values every time.</summary>
    internal static DenseTensor<float> RandomInput(InferenceSession session)
    {
        var input = new DenseTensor<float>(session.InputMetadata["input_1"].Dimensions);
        var random = new Random(1);
        for (int i = 0; i < input.Length; i++) input.SetValue(i, (float)random.NextDouble());
        return input;
    }
}
