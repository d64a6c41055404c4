namespace PoseTools.Models.Conversion;

/// <summary>
/// A constant folded at conversion time: float32 values (from float32, float16 or sparse storage) or int32
/// values, in TFLite's row-major layout with its TFLite shape.
/// </summary>
internal sealed class ConstantTensor
{
    public int[] Shape { get; }
    public float[]? Floats { get; }
    public int[]? Ints { get; }

    private ConstantTensor(int[] shape, float[]? floats, int[]? ints)
    {
        Shape = shape;
        Floats = floats;
        Ints = ints;
    }

    public static ConstantTensor OfFloats(int[] shape, float[] values) => new(shape, values, null);
    public static ConstantTensor OfInts(int[] shape, int[] values) => new(shape, null, values);

    public long Count => Floats?.Length ?? Ints!.Length;

    /// <summary>Returns the float values with axes permuted: result axis i is source axis perm[i].</summary>
    public float[] PermutedFloats(int[] perm)
    {
        var src = Floats ?? throw new InvalidOperationException("not a float constant");
        int rank = Shape.Length;
        var outShape = perm.Select(p => Shape[p]).ToArray();
        var srcStrides = Strides(Shape);
        var dst = new float[src.Length];
        var index = new int[rank];
        for (int flat = 0; flat < dst.Length; flat++)
        {
            int srcOffset = 0;
            for (int i = 0; i < rank; i++) srcOffset += index[i] * srcStrides[perm[i]];
            dst[flat] = src[srcOffset];
            for (int i = rank - 1; i >= 0; i--)
            {
                if (++index[i] < outShape[i]) break;
                index[i] = 0;
            }
        }
        return dst;
    }

    public static int[] Strides(int[] shape)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--) { strides[i] = s; s *= shape[i]; }
        return strides;
    }
}
