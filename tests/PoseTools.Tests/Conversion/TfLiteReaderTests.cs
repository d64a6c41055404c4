using PoseTools.Models;
using PoseTools.Models.TfLite;

namespace PoseTools.Tests.Conversion;

public sealed class TfLiteReaderTests
{
    [Theory]
    [InlineData(PoseModel.Detector, 291, new[] { 1, 224, 224, 3 }, new[] { "Identity", "Identity_1" })]
    [InlineData(PoseModel.LandmarkLite, 305, new[] { 1, 256, 256, 3 }, new[] { "Identity", "Identity_1", "Identity_2", "Identity_3", "Identity_4" })]
    [InlineData(PoseModel.LandmarkHeavy, 689, new[] { 1, 256, 256, 3 }, new[] { "Identity", "Identity_1", "Identity_2", "Identity_3", "Identity_4" })]
    public void ReadsTheOfficialModels(PoseModel which, int operators, int[] inputShape, string[] outputs)
    {
        var model = TfLiteReader.Read(TestEnvironment.SourceModel(which), which.Name());
        Assert.Equal(3u, model.SchemaVersion);
        Assert.Equal(operators, model.Operators.Count);
        var input = model.Tensors[Assert.Single(model.Inputs)];
        Assert.Equal("input_1", input.Name);
        Assert.Equal(inputShape, input.Shape);
        Assert.Equal(outputs, model.Outputs.Select(t => model.Tensors[t].Name).Order());
    }

    [Fact]
    public void DetectorStoresSparseWeightsForDensify()
    {
        var model = TfLiteReader.Read(TestEnvironment.SourceModel(PoseModel.Detector), "pose_detection");
        var sparse = model.Tensors.Where(t => t.Sparsity is not null).ToList();
        Assert.Equal(38, sparse.Count);
        Assert.Equal(38, model.Operators.Count(o => o.Is(TfLiteBuiltinOperator.Densify)));
        Assert.All(sparse, t => Assert.Equal(TfLiteTensorType.Float16, t.Type));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(4096)]
    [InlineData(1_000_000)]
    [InlineData(2_819_000)]
    public void TruncatedModelIsAFormatError(int length)
    {
        var bytes = TestEnvironment.SourceModel(PoseModel.LandmarkLite)[..length];
        var e = Assert.Throws<TfLiteFormatException>(() => TfLiteReader.Read(bytes, "cut.tflite"));
        Assert.StartsWith("cut.tflite:", e.Message);
    }

    [Fact]
    public void OtherFilesAreNotTfLite()
    {
        var png = File.ReadAllBytes(TestEnvironment.DataFile("basketball1.png"));
        Assert.Contains("not a TFLite model", Assert.Throws<TfLiteFormatException>(() => TfLiteReader.Read(png, "basketball1.png")).Message);
        var text = "this is not a model, just some text long enough"u8.ToArray();
        Assert.Throws<TfLiteFormatException>(() => TfLiteReader.Read(text, "notes.txt"));
    }
}
