using PoseTools.Models.Conversion;
using PoseTools.Models.TfLite;

namespace PoseTools.Tests.Conversion;

/// <summary>A tensor of the reference interpreter: double precision, NHWC, row-major.</summary>
public sealed record RefTensor(int[] Shape, double[] Data)
{
    public static RefTensor Of(int[] shape, float[] data) => new(shape, data.Select(v => (double)v).ToArray());
}

/// <summary>
/// Evaluates a TFLite model directly from TensorFlow's operator definitions, in double precision and in
/// TFLite's own NHWC layout, with naive loops. It is slow and independent of the converter's layout tricks,
/// so it serves as the oracle for each operator's translation and for judging fp32 rounding in whole models.
/// </summary>
public static class ReferenceInterpreter
{
    public static Dictionary<int, RefTensor> Run(TfLiteModel model, params RefTensor[] inputs)
    {
        var values = new Dictionary<int, RefTensor>();
        for (int i = 0; i < model.Inputs.Count; i++) values[model.Inputs[i]] = inputs[i];
        foreach (var op in model.Operators)
        {
            RefTensor In(int k)
            {
                int t = op.Inputs[k];
                if (values.TryGetValue(t, out var v)) return v;
                var c = ConstantReader.Read(model.Tensors[t], model.Name);
                var r = new RefTensor(c.Shape, c.Floats is not null ? c.Floats.Select(x => (double)x).ToArray() : c.Ints!.Select(x => (double)x).ToArray());
                values[t] = r;
                return r;
            }
            var outShape = model.Tensors[op.Outputs[0]].Shape;
            var o = op.Options;
            RefTensor result = (TfLiteBuiltinOperator)op.BuiltinCode switch
            {
                TfLiteBuiltinOperator.Dequantize or TfLiteBuiltinOperator.Densify => In(0),
                TfLiteBuiltinOperator.Conv2D => Activate(Conv(In(0), In(1), op.Inputs.Length > 2 && op.Inputs[2] >= 0 ? In(2) : null, outShape,
                    (TfLitePadding)o.GetSByte(0), o.GetInt(2), o.GetInt(1), o.GetInt(5, 1), o.GetInt(4, 1), depthwise: false), o.GetSByte(3)),
                TfLiteBuiltinOperator.DepthwiseConv2D => Activate(Conv(In(0), In(1), op.Inputs.Length > 2 && op.Inputs[2] >= 0 ? In(2) : null, outShape,
                    (TfLitePadding)o.GetSByte(0), o.GetInt(2), o.GetInt(1), o.GetInt(6, 1), o.GetInt(5, 1), depthwise: true), o.GetSByte(4)),
                TfLiteBuiltinOperator.MaxPool2D => Activate(MaxPool(In(0), outShape, (TfLitePadding)o.GetSByte(0), o.GetInt(2), o.GetInt(1), o.GetInt(4), o.GetInt(3)), o.GetSByte(5)),
                TfLiteBuiltinOperator.Add => Activate(Add(In(0), In(1), outShape), o.GetSByte(0)),
                TfLiteBuiltinOperator.Logistic => Map(In(0), x => 1 / (1 + Math.Exp(-x))),
                TfLiteBuiltinOperator.Pad => Pad(In(0), In(1), outShape),
                TfLiteBuiltinOperator.Reshape => new RefTensor(outShape, In(0).Data),
                TfLiteBuiltinOperator.Concatenation => Activate(Concat(Enumerable.Range(0, op.Inputs.Length).Select(In).ToArray(), o.GetInt(0), outShape), o.GetSByte(1)),
                TfLiteBuiltinOperator.ResizeBilinear => ResizeBilinear(In(0), outShape, o.GetBool(2), o.GetBool(3)),
                TfLiteBuiltinOperator.DepthToSpace => DepthToSpace(In(0), o.GetInt(0), outShape),
                _ => throw new NotSupportedException(op.OperatorName),
            };
            values[op.Outputs[0]] = result;
        }
        return values;
    }

    private static RefTensor Map(RefTensor t, Func<double, double> f) => new(t.Shape, t.Data.Select(f).ToArray());

    private static RefTensor Activate(RefTensor t, sbyte activation) => activation switch
    {
        0 => t,
        1 => Map(t, x => Math.Max(0, x)),
        2 => Map(t, x => Math.Clamp(x, -1, 1)),
        3 => Map(t, x => Math.Clamp(x, 0, 6)),
        4 => Map(t, Math.Tanh),
        _ => throw new NotSupportedException($"activation {activation}"),
    };

    // TensorFlow: SAME pads ((out-1)*stride + effective kernel - in), the smaller half before.
    private static int PadBefore(TfLitePadding padding, int input, int output, int stride, int effectiveKernel)
        => padding == TfLitePadding.Valid ? 0 : Math.Max((output - 1) * stride + effectiveKernel - input, 0) / 2;

    private static RefTensor Conv(RefTensor x, RefTensor w, RefTensor? bias, int[] outShape, TfLitePadding padding,
        int strideH, int strideW, int dilationH, int dilationW, bool depthwise)
    {
        int n = x.Shape[0], inH = x.Shape[1], inW = x.Shape[2], inC = x.Shape[3];
        int kh = w.Shape[1], kw = w.Shape[2], outH = outShape[1], outW = outShape[2], outC = outShape[3];
        int padTop = PadBefore(padding, inH, outH, strideH, (kh - 1) * dilationH + 1);
        int padLeft = PadBefore(padding, inW, outW, strideW, (kw - 1) * dilationW + 1);
        int groupIn = depthwise ? 1 : w.Shape[3];
        int outPerGroup = depthwise ? outC / inC : outC / (inC / groupIn);
        var y = new double[n * outH * outW * outC];
        for (int b = 0; b < n; b++)
        for (int oy = 0; oy < outH; oy++)
        for (int ox = 0; ox < outW; ox++)
        for (int oc = 0; oc < outC; oc++)
        {
            double sum = bias?.Data[oc] ?? 0;
            int group = oc / outPerGroup;
            for (int ky = 0; ky < kh; ky++)
            {
                int iy = oy * strideH + ky * dilationH - padTop;
                if (iy < 0 || iy >= inH) continue;
                for (int kx = 0; kx < kw; kx++)
                {
                    int ix = ox * strideW + kx * dilationW - padLeft;
                    if (ix < 0 || ix >= inW) continue;
                    int rowBase = ((b * inH + iy) * inW + ix) * inC;
                    if (depthwise)
                        sum += x.Data[rowBase + group] * w.Data[(ky * kw + kx) * outC + oc];
                    else
                        for (int i = 0; i < groupIn; i++)
                            sum += x.Data[rowBase + group * groupIn + i] * w.Data[((oc * kh + ky) * kw + kx) * groupIn + i];
                }
            }
            y[((b * outH + oy) * outW + ox) * outC + oc] = sum;
        }
        return new RefTensor(outShape, y);
    }

    private static RefTensor MaxPool(RefTensor x, int[] outShape, TfLitePadding padding, int strideH, int strideW, int kh, int kw)
    {
        int n = x.Shape[0], inH = x.Shape[1], inW = x.Shape[2], c = x.Shape[3], outH = outShape[1], outW = outShape[2];
        int padTop = PadBefore(padding, inH, outH, strideH, kh), padLeft = PadBefore(padding, inW, outW, strideW, kw);
        var y = new double[n * outH * outW * c];
        for (int b = 0; b < n; b++)
        for (int oy = 0; oy < outH; oy++)
        for (int ox = 0; ox < outW; ox++)
        for (int ch = 0; ch < c; ch++)
        {
            double m = double.NegativeInfinity;
            for (int ky = 0; ky < kh; ky++)
            for (int kx = 0; kx < kw; kx++)
            {
                int iy = oy * strideH + ky - padTop, ix = ox * strideW + kx - padLeft;
                if (iy >= 0 && iy < inH && ix >= 0 && ix < inW) m = Math.Max(m, x.Data[((b * inH + iy) * inW + ix) * c + ch]);
            }
            y[((b * outH + oy) * outW + ox) * c + ch] = m;
        }
        return new RefTensor(outShape, y);
    }

    private static RefTensor Add(RefTensor a, RefTensor b, int[] outShape)
    {
        int rank = outShape.Length;
        var y = new double[outShape.Aggregate(1, (p, q) => p * q)];
        var index = new int[rank];
        for (int flat = 0; flat < y.Length; flat++)
        {
            y[flat] = a.Data[Broadcast(a.Shape, index)] + b.Data[Broadcast(b.Shape, index)];
            for (int d = rank - 1; d >= 0; d--) { if (++index[d] < outShape[d]) break; index[d] = 0; }
        }
        return new RefTensor(outShape, y);
    }

    private static int Broadcast(int[] shape, int[] outIndex)
    {
        int offset = 0, stride = 1;
        for (int d = shape.Length - 1, od = outIndex.Length - 1; d >= 0; d--, od--)
        {
            offset += (shape[d] == 1 ? 0 : outIndex[od]) * stride;
            stride *= shape[d];
        }
        return offset;
    }

    private static RefTensor Pad(RefTensor x, RefTensor paddings, int[] outShape)
    {
        int rank = x.Shape.Length;
        var y = new double[outShape.Aggregate(1, (p, q) => p * q)];
        var index = new int[rank];
        var outStrides = ConstantTensor.Strides(outShape);
        for (int flat = 0; flat < x.Data.Length; flat++)
        {
            int o = 0;
            for (int d = 0; d < rank; d++) o += (index[d] + (int)paddings.Data[2 * d]) * outStrides[d];
            y[o] = x.Data[flat];
            for (int d = rank - 1; d >= 0; d--) { if (++index[d] < x.Shape[d]) break; index[d] = 0; }
        }
        return new RefTensor(outShape, y);
    }

    private static RefTensor Concat(RefTensor[] parts, int axis, int[] outShape)
    {
        if (axis < 0) axis += outShape.Length;
        int outer = outShape.Take(axis).Aggregate(1, (p, q) => p * q);
        var y = new List<double>(outShape.Aggregate(1, (p, q) => p * q));
        for (int o = 0; o < outer; o++)
            foreach (var p in parts)
            {
                int block = p.Shape.Skip(axis).Aggregate(1, (a, b) => a * b);
                y.AddRange(p.Data.Skip(o * block).Take(block));
            }
        return new RefTensor(outShape, y.ToArray());
    }

    // tensorflow/lite/kernels/internal/reference: source coordinate, floor/ceil neighbours clamped to the image.
    private static RefTensor ResizeBilinear(RefTensor x, int[] outShape, bool alignCorners, bool halfPixel)
    {
        int n = x.Shape[0], inH = x.Shape[1], inW = x.Shape[2], c = x.Shape[3], outH = outShape[1], outW = outShape[2];
        double scaleH = alignCorners && outH > 1 ? (inH - 1.0) / (outH - 1) : (double)inH / outH;
        double scaleW = alignCorners && outW > 1 ? (inW - 1.0) / (outW - 1) : (double)inW / outW;
        var y = new double[n * outH * outW * c];
        for (int b = 0; b < n; b++)
        for (int oy = 0; oy < outH; oy++)
        {
            double sy = halfPixel ? (oy + 0.5) * scaleH - 0.5 : oy * scaleH;
            int y0 = Math.Max((int)Math.Floor(sy), 0), y1 = Math.Min((int)Math.Ceiling(sy), inH - 1);
            double fy = sy - Math.Floor(sy);
            for (int ox = 0; ox < outW; ox++)
            {
                double sx = halfPixel ? (ox + 0.5) * scaleW - 0.5 : ox * scaleW;
                int x0 = Math.Max((int)Math.Floor(sx), 0), x1 = Math.Min((int)Math.Ceiling(sx), inW - 1);
                double fx = sx - Math.Floor(sx);
                for (int ch = 0; ch < c; ch++)
                {
                    double At(int yy, int xx) => x.Data[((b * inH + yy) * inW + xx) * c + ch];
                    double top = At(y0, x0) + (At(y0, x1) - At(y0, x0)) * fx;
                    double bottom = At(y1, x0) + (At(y1, x1) - At(y1, x0)) * fx;
                    y[((b * outH + oy) * outW + ox) * c + ch] = top + (bottom - top) * fy;
                }
            }
        }
        return new RefTensor(outShape, y);
    }

    private static RefTensor DepthToSpace(RefTensor x, int block, int[] outShape)
    {
        int n = x.Shape[0], inH = x.Shape[1], inW = x.Shape[2], inC = x.Shape[3], outC = outShape[3];
        var y = new double[x.Data.Length];
        for (int b = 0; b < n; b++)
        for (int h = 0; h < inH; h++)
        for (int w = 0; w < inW; w++)
        for (int d = 0; d < inC; d++)
        {
            int i = d / (block * outC), j = d / outC % block, ch = d % outC;
            y[((b * inH * block + h * block + i) * inW * block + w * block + j) * outC + ch] = x.Data[((b * inH + h) * inW + w) * inC + d];
        }
        return new RefTensor(outShape, y);
    }
}
