using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using PoseTools.Models;
using PoseTools.Models.TfLite;
using Xunit.Abstractions;

namespace PoseTools.Tests.Conversion;

/// <summary>
/// The converted models against the official TFLite runtime (LiteRT.js, XNNPack) on the fixed inputs of
/// ../shared/reference/tensors: every element of every output within 1e-3·(1 + |reference|).
/// </summary>
public sealed class OfficialModelTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-3;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        using var manifest = JsonDocument.Parse(File.ReadAllText(TestEnvironment.ReferenceFile("tensors", "manifest.json")));
        foreach (var model in manifest.RootElement.GetProperty("models").EnumerateArray())
            foreach (var input in model.GetProperty("inputs").EnumerateArray())
                data.Add(model.GetProperty("name").GetString()!, input.GetProperty("file").GetString()!);
        return data;
    }

    /// <summary>The cases of the landmark models, which have a segmentation output (the detector has none).</summary>
    public static TheoryData<string, string> LandmarkCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Cases())
            if ((string)row[0] != PoseModel.Detector.Name()) data.Add((string)row[0], (string)row[1]);
        return data;
    }

    private static PoseModel ModelNamed(string name) => PoseModelNames.All.Single(m => m.Name() == name);

    private sealed record Comparison(string Output, int Count, double Worst, int Over);

    private List<Comparison> Compare(string modelName, string inputFile)
    {
        using var summary = JsonDocument.Parse(File.ReadAllText(TestEnvironment.ReferenceFile("tensors", "summary.json")));
        var entry = summary.RootElement.GetProperty("models").GetProperty(modelName);
        var outputNames = entry.GetProperty("outputNames").EnumerateArray().Select(e => e.GetString()!).ToArray();

        using var session = new InferenceSession(TestEnvironment.Models.GetModelPath(ModelNamed(modelName)));
        var shape = session.InputMetadata["input_1"].Dimensions;
        var input = TestEnvironment.ReadFloats(TestEnvironment.ReferenceFile("tensors", inputFile));
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input_1", new DenseTensor<float>(input, shape))]);

        var comparisons = new List<Comparison>();
        string stem = Path.GetFileNameWithoutExtension(inputFile);
        for (int k = 0; k < outputNames.Length; k++)
        {
            var reference = TestEnvironment.ReadFloats(TestEnvironment.ReferenceFile("tensors", $"{modelName}.{stem}.out{k}.bin"));
            var actual = results.Single(r => r.Name == outputNames[k]).AsTensor<float>().ToArray();
            Assert.Equal(reference.Length, actual.Length);
            double worst = 0;
            int over = 0;
            for (int i = 0; i < reference.Length; i++)
            {
                double e = Math.Abs(actual[i] - reference[i]) / (1 + Math.Abs(reference[i]));
                worst = Math.Max(worst, e);
                if (e > Tolerance) over++;
            }
            output.WriteLine($"{modelName} {stem} {outputNames[k],-10} n={reference.Length,6}  worst {worst:E2}  over 1e-3: {over}");
            comparisons.Add(new Comparison(outputNames[k], reference.Length, worst, over));
        }
        return comparisons;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryOutputMatchesTheOfficialRuntime(string modelName, string inputFile)
    {
        var comparisons = Compare(modelName, inputFile);
        foreach (var c in comparisons.Where(c => !IsSegmentation(modelName, c.Output)))
            Assert.True(c.Worst <= Tolerance, $"{modelName} {c.Output}: worst {c.Worst:E2} > {Tolerance:E0}");
    }

    /// <summary>
    /// The segmentation logits come out of a deep, badly conditioned decoder: the official runtime's own fp32
    /// rounding already moves some pixels by up to ~1e-2 from the exact (fp64) value of the same graph — see
    /// <see cref="SegmentationResidualIsTheOfficialRuntimesRounding"/>. Here: all but 0.5 % of the elements within
    /// 1e-3, none beyond 2e-2, and the mask probabilities the pipeline uses (sigmoid) within 0.5 % everywhere.
    /// </summary>
    [Theory]
    [MemberData(nameof(LandmarkCases))]
    public void SegmentationMatchesTheOfficialRuntimeUpToItsRounding(string modelName, string inputFile)
    {
        var c = Compare(modelName, inputFile).Single(c => IsSegmentation(modelName, c.Output));
        Assert.True(c.Over <= c.Count / 200, $"{c.Over} of {c.Count} segmentation logits beyond 1e-3");
        Assert.True(c.Worst <= 2e-2, $"worst segmentation logit error {c.Worst:E2}");

        using var session = new InferenceSession(TestEnvironment.Models.GetModelPath(ModelNamed(modelName)));
        var input = TestEnvironment.ReadFloats(TestEnvironment.ReferenceFile("tensors", inputFile));
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input_1", new DenseTensor<float>(input, [1, 256, 256, 3]))]);
        var logits = results.Single(r => r.Name == "Identity_2").AsTensor<float>().ToArray();
        var reference = TestEnvironment.ReadFloats(TestEnvironment.ReferenceFile("tensors", $"{modelName}.{Path.GetFileNameWithoutExtension(inputFile)}.out2.bin"));
        double worstProbability = logits.Zip(reference, (a, r) => Math.Abs(Sigmoid(a) - Sigmoid(r))).Max();
        output.WriteLine($"mask probability worst difference {worstProbability:E2}");
        Assert.True(worstProbability <= 5e-3, $"mask probability differs by {worstProbability:E2}");
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static bool IsSegmentation(string modelName, string output) => modelName != PoseModel.Detector.Name() && output == "Identity_2";

    /// <summary>
    /// Evidence for the segmentation tolerance: evaluating the same TFLite graph exactly (double precision,
    /// reference interpreter), the converted model lands closer to the exact logits than the official runtime does.
    /// </summary>
    [Theory]
    [InlineData("pose_landmark_lite", "lm-random.bin")]
    [InlineData("pose_landmark_full", "lm-photo.bin")]
    public void SegmentationResidualIsTheOfficialRuntimesRounding(string modelName, string inputFile)
    {
        var model = ModelNamed(modelName);
        var tflite = TfLiteReader.Read(TestEnvironment.SourceModel(model), modelName + ".tflite");
        var input = TestEnvironment.ReadFloats(TestEnvironment.ReferenceFile("tensors", inputFile));
        int segmentation = tflite.Outputs.Single(t => tflite.Tensors[t].Name == "Identity_2");
        var exact = ReferenceInterpreter.Run(tflite, RefTensor.Of([1, 256, 256, 3], input))[segmentation].Data;

        using var session = new InferenceSession(TestEnvironment.Models.GetModelPath(model));
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input_1", new DenseTensor<float>(input, [1, 256, 256, 3]))]);
        var ours = results.Single(r => r.Name == "Identity_2").AsTensor<float>().ToArray();
        var official = TestEnvironment.ReadFloats(TestEnvironment.ReferenceFile("tensors", $"{modelName}.{Path.GetFileNameWithoutExtension(inputFile)}.out2.bin"));

        double Worst(float[] values) => Enumerable.Range(0, exact.Length).Max(i => Math.Abs(values[i] - exact[i]) / (1 + Math.Abs(exact[i])));
        double oursError = Worst(ours), officialError = Worst(official);
        output.WriteLine($"{modelName} {inputFile}: vs exact fp64 — PoseTools {oursError:E2}, official runtime {officialError:E2}");
        Assert.True(oursError < officialError);
    }
}
