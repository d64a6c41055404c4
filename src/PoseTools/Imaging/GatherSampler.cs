using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PoseTools.Imaging;

/// <summary>
/// Eight bilinear samples of a BGR image at once with AVX2 gathers, giving exactly the floats of
/// <see cref="TensorSampler"/>'s scalar loop: the same operations in the same order and no fused multiply-add, so the
/// vectorised crop moves no landmark (a test compares the two bit for bit). Edges are clamped and the zero border
/// filled here too, because a body lying down or near the frame's edge puts much of its square region outside the
/// image. Only positions too far off for exact float arithmetic (|x| ≥ 2²⁴, NaN) are left to the scalar loop.
/// </summary>
internal readonly unsafe struct GatherSampler
{
    /// <summary>Samples per call: one AVX2 register of floats.</summary>
    public const int Lanes = 8;
    private const float ExactLimit = 16_777_216f; // 2²⁴: beyond it floats are not all integers and int conversion differs

    private readonly byte* _data;
    private readonly int _step, _width, _height, _lastRead;
    private readonly float _min, _scale;
    private readonly bool _zeroBorder;

    public GatherSampler(byte* data, int step, int width, int height, float min, float scale, bool zeroBorder)
    {
        _data = data;
        (_step, _width, _height, _min, _scale, _zeroBorder) = (step, width, height, min, scale, zeroBorder);
        // A gather reads four bytes for a three-byte pixel: at the image's very last pixels it would read past the
        // end, so from this offset on it reads one byte earlier and shifts one byte further.
        _lastRead = step * (height - 1) + 3 * width - 4;
    }

    /// <summary>Whether this CPU has AVX2 and the image is small enough for 32-bit gather offsets.</summary>
    public static bool Supports(long step, int cols, int rows) => Avx2.IsSupported && cols >= 2 && step * (rows + 1L) < int.MaxValue;

    /// <summary>
    /// Samples at pixel positions (<paramref name="x"/>, <paramref name="y"/>) (pixel centres at +0.5) into
    /// <paramref name="rgb"/> (8 × RGB); false, writing nothing, when a position is too far off (see above).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TrySample(Vector256<float> x, Vector256<float> y, float* rgb)
    {
        var half = Vector256.Create(0.5f);
        var sx = Avx.Subtract(x, half);
        var sy = Avx.Subtract(y, half);
        var limit = Vector256.Create(ExactLimit);
        var exact = Avx.And(Avx.CompareLessThan(Abs(sx), limit), Avx.CompareLessThan(Abs(sy), limit));
        if (Avx.MoveMask(exact) != 0xFF) return false;

        var floorX = Avx.Floor(sx);
        var floorY = Avx.Floor(sy);
        var x0 = Avx.ConvertToVector256Int32WithTruncation(floorX);
        var y0 = Avx.ConvertToVector256Int32WithTruncation(floorY);
        var fx = Avx.Subtract(sx, floorX);
        var fy = Avx.Subtract(sy, floorY);
        var one = Vector256.Create(1f);
        var gx = Avx.Subtract(one, fx);
        var gy = Avx.Subtract(one, fy);
        var w00 = Avx.Multiply(gx, gy);
        var w01 = Avx.Multiply(fx, gy);
        var w10 = Avx.Multiply(gx, fy);
        var w11 = Avx.Multiply(fx, fy);

        // Clamp-to-edge neighbours; the weights stay those of the unclamped position, as in the scalar loop.
        var xa = Clamp(x0, _width); var xb = Clamp(Avx2.Add(x0, Vector256<int>.One), _width);
        var ya = Clamp(y0, _height); var yb = Clamp(Avx2.Add(y0, Vector256<int>.One), _height);
        var step = Vector256.Create(_step);
        var three = Vector256.Create(3);
        var rowA = Avx2.MultiplyLow(ya, step);
        var rowB = Avx2.MultiplyLow(yb, step);
        var colA = Avx2.MultiplyLow(xa, three);
        var colB = Avx2.MultiplyLow(xb, three);
        var (p00, s00) = Gather(Avx2.Add(rowA, colA));
        var (p01, s01) = Gather(Avx2.Add(rowA, colB));
        var (p10, s10) = Gather(Avx2.Add(rowB, colA));
        var (p11, s11) = Gather(Avx2.Add(rowB, colB));

        // BGR in, RGB out: byte 2 of each pixel is red.
        var minimum = Vector256.Create(_min);
        var scaling = Vector256.Create(_scale);
        var r = Channel(2);
        var g = Channel(1);
        var b = Channel(0);
        if (_zeroBorder)
        {
            // Outside the image (not within half a pixel of it) the sample is black: the scalar loop's test on x and y.
            var zero = Vector256<float>.Zero;
            var outside = Avx.Or(Avx.Or(Avx.CompareLessThan(x, zero), Avx.CompareGreaterThan(x, Vector256.Create((float)_width))),
                Avx.Or(Avx.CompareLessThan(y, zero), Avx.CompareGreaterThan(y, Vector256.Create((float)_height))));
            r = Avx.BlendVariable(r, minimum, outside);
            g = Avx.BlendVariable(g, minimum, outside);
            b = Avx.BlendVariable(b, minimum, outside);
        }
        for (int i = 0; i < Lanes; i++)
        {
            rgb[3 * i] = r.GetElement(i);
            rgb[3 * i + 1] = g.GetElement(i);
            rgb[3 * i + 2] = b.GetElement(i);
        }
        return true;

        Vector256<float> Channel(int index)
        {
            var sum = Avx.Add(Avx.Add(Avx.Add(Avx.Multiply(w00, Byte(p00, s00, index)), Avx.Multiply(w01, Byte(p01, s01, index))),
                Avx.Multiply(w10, Byte(p10, s10, index))), Avx.Multiply(w11, Byte(p11, s11, index)));
            return Avx.Add(minimum, Avx.Multiply(scaling, sum));
        }
    }

    private static Vector256<float> Abs(Vector256<float> v) => Avx.AndNot(Vector256.Create(-0f), v);

    private static Vector256<int> Clamp(Vector256<int> v, int size) =>
        Avx2.Min(Avx2.Max(v, Vector256<int>.Zero), Vector256.Create(size - 1));

    // Four bytes from each offset (one byte earlier near the end of the image) and, per lane, the bit shift to the pixel.
    private (Vector256<int> Bytes, Vector256<uint> Shift) Gather(Vector256<int> offsets)
    {
        var late = Avx2.CompareGreaterThan(offsets, Vector256.Create(_lastRead)); // −1 where the read must start a byte early
        var bytes = Avx2.GatherVector256((int*)_data, Avx2.Add(offsets, late), 1);
        var shift = Avx2.And(late, Vector256.Create(8)).AsUInt32();
        return (bytes, shift);
    }

    private static Vector256<float> Byte(Vector256<int> bytes, Vector256<uint> shift, int index) =>
        Avx.ConvertToVector256Single(Avx2.And(
            Avx2.ShiftRightLogicalVariable(bytes, Avx2.Add(shift, Vector256.Create((uint)(8 * index)))), Vector256.Create(0xFF)));
}
