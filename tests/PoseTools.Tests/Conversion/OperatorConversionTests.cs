using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using PoseTools.Models.Conversion;
using PoseTools.Models.TfLite;
using Xunit.Abstractions;
using Op = PoseTools.Models.TfLite.TfLiteBuiltinOperator;

namespace PoseTools.Tests.Conversion;

/// <summary>
/// Each operator's translation on a graph of its own, run by ONNX Runtime and compared with the
/// double-precision NHWC reference interpreter — so a regression points at the operator.
/// </summary>
public sealed class OperatorConversionTests(ITestOutputHelper output)
{
    private const byte Conv = 1, Depthwise = 2, Pool = 5, Concat = 10, AddOpt = 11, Resize = 15, Reshape = 17, PadOpt = 22, D2S = 94;

    private static float[] Random(int count, int seed, float scale = 1f)
    {
        var rnd = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(rnd.NextDouble() * 2 - 1) * scale).ToArray();
    }

    private void AssertMatchesReference(TfLiteModelBuilder builder, params float[][] inputs)
    {
        var model = builder.BuildModel();
        var onnx = TfLiteToOnnxConverter.Convert(model);
        using var session = new InferenceSession(onnx);
        var feeds = model.Inputs.Select((t, i) => NamedOnnxValue.CreateFromTensor(model.Tensors[t].Name,
            new DenseTensor<float>(inputs[i], model.Tensors[t].Shape))).ToList();
        using var results = session.Run(feeds);
        var reference = ReferenceInterpreter.Run(model, model.Inputs.Select((t, i) => RefTensor.Of(model.Tensors[t].Shape, inputs[i])).ToArray());
        foreach (int t in model.Outputs)
        {
            var tensor = model.Tensors[t];
            var actual = results.First(r => r.Name == tensor.Name).AsTensor<float>();
            Assert.Equal(tensor.Shape, actual.Dimensions.ToArray());
            var expected = reference[t].Data;
            var values = actual.ToArray();
            double worst = 0;
            for (int i = 0; i < expected.Length; i++)
                worst = Math.Max(worst, Math.Abs(values[i] - expected[i]) / (1 + Math.Abs(expected[i])));
            output.WriteLine($"{tensor.Name}[{string.Join(",", tensor.Shape)}]: worst relative error {worst:E2}");
            Assert.True(worst < 1e-5, $"{tensor.Name}: worst relative error {worst:E2}");
        }
    }

    [Theory]
    [InlineData(TfLitePadding.Same, 1, 1, TfLiteActivation.None)]
    [InlineData(TfLitePadding.Same, 2, 1, TfLiteActivation.Relu6)]
    [InlineData(TfLitePadding.Valid, 2, 1, TfLiteActivation.Relu)]
    [InlineData(TfLitePadding.Same, 1, 2, TfLiteActivation.ReluN1To1)]
    [InlineData(TfLitePadding.Valid, 1, 2, TfLiteActivation.Tanh)]
    public void Conv2D(TfLitePadding padding, int stride, int dilation, TfLiteActivation activation)
    {
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 9, 8, 3);
        int outH = padding == TfLitePadding.Same ? (9 + stride - 1) / stride : (9 - 2 * dilation + stride - 1) / stride;
        int outW = padding == TfLitePadding.Same ? (8 + stride - 1) / stride : (8 - 2 * dilation + stride - 1) / stride;
        int w = b.Constant("w", [5, 3, 3, 3], Random(5 * 27, 2));
        int bias = b.Constant("b", [5], Random(5, 3));
        int y = b.Tensor("y", 1, outH, outW, 5);
        b.Op(Op.Conv2D, [x, w, bias], [y], Conv, (0, padding), (1, stride), (2, stride), (3, activation), (4, dilation), (5, dilation));
        b.Output(y);
        AssertMatchesReference(b, Random(9 * 8 * 3, 1, 3));
    }

    [Fact]
    public void Conv2DWithFloat16WeightsThroughDequantize()
    {
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 6, 6, 4);
        int wHalf = b.ConstantHalf("w16", [8, 1, 1, 4], Random(32, 5));
        int w = b.Tensor("w", 8, 1, 1, 4);
        int y = b.Tensor("y", 1, 6, 6, 8);
        b.Op(Op.Dequantize, [wHalf], [w]);
        b.Op(Op.Conv2D, [x, w, -1], [y], Conv, (0, TfLitePadding.Same), (1, 1), (2, 1));
        b.Output(y);
        AssertMatchesReference(b, Random(144, 4));
    }

    [Fact]
    public void GroupedConv2D()
    {
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 5, 5, 4);
        int w = b.Constant("w", [6, 3, 3, 2], Random(6 * 9 * 2, 7));
        int y = b.Tensor("y", 1, 5, 5, 6);
        b.Op(Op.Conv2D, [x, w, -1], [y], Conv, (0, TfLitePadding.Same), (1, 1), (2, 1));
        b.Output(y);
        AssertMatchesReference(b, Random(100, 6));
    }

    [Theory]
    [InlineData(1, 1, TfLiteActivation.Relu6)]
    [InlineData(2, 1, TfLiteActivation.None)]
    [InlineData(1, 2, TfLiteActivation.Relu)]
    public void DepthwiseConv2D(int multiplier, int stride, TfLiteActivation activation)
    {
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 10, 7, 3);
        int w = b.Constant("w", [1, 5, 5, 3 * multiplier], Random(25 * 3 * multiplier, 8));
        int bias = b.Constant("b", [3 * multiplier], Random(3 * multiplier, 9));
        int y = b.Tensor("y", 1, (10 + stride - 1) / stride, (7 + stride - 1) / stride, 3 * multiplier);
        b.Op(Op.DepthwiseConv2D, [x, w, bias], [y], Depthwise,
            (0, TfLitePadding.Same), (1, stride), (2, stride), (3, multiplier), (4, activation));
        b.Output(y);
        AssertMatchesReference(b, Random(210, 10));
    }

    [Theory]
    [InlineData(TfLitePadding.Valid, 2, 2)]
    [InlineData(TfLitePadding.Same, 3, 2)]
    public void MaxPool2D(TfLitePadding padding, int kernel, int stride)
    {
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 7, 8, 3);
        int outH = padding == TfLitePadding.Same ? (7 + stride - 1) / stride : (7 - kernel) / stride + 1;
        int outW = padding == TfLitePadding.Same ? (8 + stride - 1) / stride : (8 - kernel) / stride + 1;
        int y = b.Tensor("y", 1, outH, outW, 3);
        b.Op(Op.MaxPool2D, [x], [y], Pool, (0, padding), (1, stride), (2, stride), (3, kernel), (4, kernel));
        b.Output(y);
        AssertMatchesReference(b, Random(168, 11));
    }

    [Fact]
    public void AddOfTwoActivationsWithFusedRelu6()
    {
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 4, 5, 6);
        int w = b.Constant("w", [6, 1, 1, 6], Random(36, 12));
        int c = b.Tensor("c", 1, 4, 5, 6);
        int y = b.Tensor("y", 1, 4, 5, 6);
        b.Op(Op.Conv2D, [x, w, -1], [c], Conv, (0, TfLitePadding.Same), (1, 1), (2, 1));
        b.Op(Op.Add, [c, x], [y], AddOpt, (0, TfLiteActivation.Relu6));
        b.Output(y);
        AssertMatchesReference(b, Random(120, 13, 8));
    }

    [Theory]
    [InlineData(new[] { 6 })]
    [InlineData(new[] { 1, 5, 1 })]
    [InlineData(new[] { 1, 4, 5, 6 })]
    public void AddOfBroadcastConstant(int[] constantShape)
    {
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 4, 5, 6);
        int k = b.Constant("k", constantShape, Random(constantShape.Aggregate(1, (p, q) => p * q), 14));
        int y = b.Tensor("y", 1, 4, 5, 6);
        b.Op(Op.Add, [x, k], [y], AddOpt);
        b.Output(y);
        AssertMatchesReference(b, Random(120, 15));
    }

    [Fact]
    public void Logistic()
    {
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 3, 3, 2);
        int y = b.Tensor("y", 1, 3, 3, 2);
        b.Op(Op.Logistic, [x], [y]);
        b.Output(y);
        AssertMatchesReference(b, Random(18, 16, 6));
    }

    [Fact]
    public void PadMapsNhwcPaddingsToChannelsFirst()
    {
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 4, 3, 2);
        int p = b.ConstantInts("p", [4, 2], [0, 0, 1, 2, 3, 0, 0, 1]);
        int y = b.Tensor("y", 1, 7, 6, 3);
        b.Op(Op.Pad, [x, p], [y], PadOpt);
        b.Output(y);
        AssertMatchesReference(b, Random(24, 17));
    }

    [Fact]
    public void ReshapeFromChannelsFirstKeepsNhwcOrder()
    {
        // The detector's heads: [1,H,W,A*12] → [1,H*W*A,12] must flatten in NHWC order.
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 3, 4, 6);
        int w = b.Constant("w", [6, 1, 1, 6], Random(36, 18));
        int c = b.Tensor("c", 1, 3, 4, 6);
        int shape = b.ConstantInts("shape", [3], [1, 36, 2]);
        int y = b.Tensor("y", 1, 36, 2);
        b.Op(Op.Conv2D, [x, w, -1], [c], Conv, (0, TfLitePadding.Same), (1, 1), (2, 1));
        b.Op(Op.Reshape, [c, shape], [y], Reshape);
        b.Output(y);
        AssertMatchesReference(b, Random(72, 19));
    }

    [Fact]
    public void ReshapeToRank4ThenConvolve()
    {
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 2, 3, 4);
        int shape = b.ConstantInts("shape", [4], [1, 3, 2, 4]);
        int r = b.Tensor("r", 1, 3, 2, 4);
        int w = b.Constant("w", [2, 3, 3, 4], Random(72, 20));
        int y = b.Tensor("y", 1, 3, 2, 2);
        b.Op(Op.Reshape, [x, shape], [r], Reshape);
        b.Op(Op.Conv2D, [r, w, -1], [y], Conv, (0, TfLitePadding.Same), (1, 1), (2, 1));
        b.Output(y);
        AssertMatchesReference(b, Random(24, 21));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-1)]
    [InlineData(2)]
    public void ConcatenationOfActivations(int axis)
    {
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 3, 4, 2);
        int z = b.Input("z", 1, 3, 4, 2);
        int[] shape = axis is 3 or -1 ? [1, 3, 4, 4] : [1, 3, 8, 2];
        int y = b.Tensor("y", shape);
        b.Op(Op.Concatenation, [x, z], [y], Concat, (0, axis));
        b.Output(y);
        AssertMatchesReference(b, Random(24, 22), Random(24, 23));
    }

    [Fact]
    public void ConcatenationOfRank3()
    {
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 5, 2);
        int z = b.Input("z", 1, 3, 2);
        int y = b.Tensor("y", 1, 8, 2);
        b.Op(Op.Concatenation, [x, z], [y], Concat, (0, 1));
        b.Output(y);
        AssertMatchesReference(b, Random(10, 24), Random(6, 25));
    }

    [Theory]
    [InlineData(false, true, 7, 10)]
    [InlineData(false, false, 7, 10)]
    [InlineData(true, false, 7, 10)]
    [InlineData(false, true, 8, 8)]
    public void ResizeBilinear(bool alignCorners, bool halfPixelCenters, int outH, int outW)
    {
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 4, 5, 3);
        int size = b.ConstantInts("size", [2], [outH, outW]);
        int y = b.Tensor("y", 1, outH, outW, 3);
        b.Op(Op.ResizeBilinear, [x, size], [y], Resize, (2, alignCorners), (3, halfPixelCenters));
        b.Output(y);
        AssertMatchesReference(b, Random(60, 26));
    }

    [Fact]
    public void DepthToSpace()
    {
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 2, 3, 12);
        int y = b.Tensor("y", 1, 4, 6, 3);
        b.Op(Op.DepthToSpace, [x], [y], D2S, (0, 2));
        b.Output(y);
        AssertMatchesReference(b, Random(72, 27));
    }

    [Fact]
    public void DensifyOfSparseFloat16Weights()
    {
        // A [4,1,1,6] filter stored CSR over its last dimension, as the official detector stores 38 of its weights.
        var dense = new float[24];
        var segments = new List<int> { 0 };
        var indices = new List<int>();
        var stored = new List<float>();
        var rnd = new Random(28);
        for (int o = 0; o < 4; o++)
        {
            for (int i = 0; i < 6; i++)
                if ((o + i) % 3 == 0)
                {
                    float v = (float)(Half)(float)(rnd.NextDouble() - 0.5);
                    dense[o * 6 + i] = v;
                    indices.Add(i);
                    stored.Add(v);
                }
            segments.Add(indices.Count);
        }
        var sparsity = new TfLiteModelBuilder.SparseSpec([0, 1, 2, 3], [], [(4, null, null), (1, null, null), (1, null, null), (0, segments.ToArray(), indices.ToArray())]);
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 3, 3, 6);
        int ws = b.ConstantHalf("ws", [4, 1, 1, 6], stored.ToArray(), sparsity);
        int wd = b.Tensor("wd", 4, 1, 1, 6);
        int w = b.Tensor("w", 4, 1, 1, 6);
        int y = b.Tensor("y", 1, 3, 3, 4);
        b.BuiltinCode((int)Op.Densify, [ws], [wd]);
        b.Op(Op.Dequantize, [wd], [w]);
        b.Op(Op.Conv2D, [x, w, -1], [y], Conv, (0, TfLitePadding.Same), (1, 1), (2, 1));
        b.Output(y);
        var model = b.BuildModel();

        var folded = ConstantReader.Read(model.Tensors[ws], "test");
        Assert.Equal(dense, folded.Floats);
        AssertMatchesReference(b, Random(54, 29));
    }

    [Fact]
    public void BlockSparseConstantIsDensified()
    {
        // 4×4 matrix in 2×2 blocks: block rows [0,1], only blocks (0,1) and (1,0) stored.
        var sparsity = new TfLiteModelBuilder.SparseSpec([0, 1, 2, 3], [0, 1],
            [(2, null, null), (0, new[] { 0, 1, 2 }, new[] { 1, 0 }), (2, null, null), (2, null, null)]);
        var b = new TfLiteModelBuilder();
        int t = b.ConstantHalf("m", [4, 4], [1, 2, 3, 4, 5, 6, 7, 8], sparsity);
        var model = b.BuildModel();
        var dense = ConstantReader.Read(model.Tensors[t], "test").Floats;
        Assert.Equal(new float[] { 0, 0, 1, 2, 0, 0, 3, 4, 5, 6, 0, 0, 7, 8, 0, 0 }, dense);
    }

    [Fact]
    public void UnknownOperatorNamesOperatorModelAndTensor()
    {
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 4);
        int y = b.Tensor("squeezed", 4);
        b.BuiltinCode(43, [x], [y]); // SQUEEZE
        b.Output(y);
        var e = Assert.Throws<ModelConversionException>(() => TfLiteToOnnxConverter.Convert(b.BuildModel("odd.tflite")));
        output.WriteLine(e.Message);
        Assert.Contains("odd.tflite", e.Message);
        Assert.Contains("SQUEEZE", e.Message);
        Assert.Contains("'squeezed'", e.Message);
    }

    [Fact]
    public void CustomOperatorIsRejected()
    {
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 4);
        int y = b.Tensor("y", 1, 4);
        b.CustomOp("Convolution2DTransposeBias", [x], [y]);
        b.Output(y);
        var e = Assert.Throws<ModelConversionException>(() => TfLiteToOnnxConverter.Convert(b.BuildModel()));
        Assert.Contains("CUSTOM:Convolution2DTransposeBias", e.Message);
    }

    [Fact]
    public void UnsupportedFusedActivationIsRejected()
    {
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 2, 2, 1);
        int z = b.Input("z", 1, 2, 2, 1);
        int y = b.Tensor("y", 1, 2, 2, 1);
        b.Op(Op.Add, [x, z], [y], AddOpt, (0, (sbyte)5)); // SIGN_BIT
        b.Output(y);
        var e = Assert.Throws<ModelConversionException>(() => TfLiteToOnnxConverter.Convert(b.BuildModel()));
        Assert.Contains("fused activation", e.Message);
    }

    [Fact]
    public void QuantizedTensorIsRejected()
    {
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 3, 3, 2);
        int q = b.QuantizedInt8("wq", [2, 1, 1, 2], [1, -2, 3, 4], 0.5f);
        int w = b.Tensor("w", 2, 1, 1, 2);
        int y = b.Tensor("y", 1, 3, 3, 2);
        b.Op(Op.Dequantize, [q], [w]);
        b.Op(Op.Conv2D, [x, w, -1], [y], Conv, (0, TfLitePadding.Same), (1, 1), (2, 1));
        b.Output(y);
        var e = Assert.Throws<ModelConversionException>(() => TfLiteToOnnxConverter.Convert(b.BuildModel()));
        Assert.Contains("'wq'", e.Message);
    }

    [Fact]
    public void WrongOptionsTableIsRejected()
    {
        var b = new TfLiteModelBuilder();
        int x = b.Input("x", 1, 3, 3, 2);
        int w = b.Constant("w", [2, 1, 1, 2], Random(4, 30));
        int y = b.Tensor("y", 1, 3, 3, 2);
        b.Op(Op.Conv2D, [x, w, -1], [y], Pool, (0, TfLitePadding.Same), (1, 1), (2, 1));
        b.Output(y);
        var e = Assert.Throws<ModelConversionException>(() => TfLiteToOnnxConverter.Convert(b.BuildModel()));
        Assert.Contains("CONV_2D", e.Message);
    }
}
