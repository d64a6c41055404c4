using System.Runtime.CompilerServices;
using OpenCvSharp;

namespace PoseTools.Imaging;

/// <summary>
/// Converts an image from its embedded RGB profile to sRGB, as browsers (and so the official MediaPipe web pipeline)
/// do before the pixels reach the model. Without it an Adobe RGB or Display P3 photo reaches the model with
/// desaturated, shifted colours.
/// </summary>
public static class ColorManagement
{
    // sRGB primaries adapted to D50 (the ICC connection space), as in the standard sRGB profile.
    private static readonly double[,] SrgbToXyzD50 =
    {
        { 0.4360747, 0.3850649, 0.1430804 },
        { 0.2225045, 0.7168786, 0.0606169 },
        { 0.0139322, 0.0971045, 0.7141733 },
    };

    /// <summary>True when converting would change (almost) nothing: the profile is sRGB itself.</summary>
    public static bool IsSrgb(IccProfile profile)
    {
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                if (Math.Abs(profile.Matrix[r, c] - SrgbToXyzD50[r, c]) > 2e-3) return false;
        for (int i = 0; i <= 16; i++)
        {
            double v = i / 16.0;
            foreach (var curve in profile.Curves)
                if (Math.Abs(curve(v) - SrgbToLinear(v)) > 2e-3) return false;
        }
        return true;
    }

    // Linear sRGB → 8-bit code, finely tabulated; the same for every photo, so made once (8193 powers), pinned for the
    // row loops on several threads.
    private const int EncodeSize = 8192;
    private static readonly Lazy<byte[]> EncodeTable = new(() =>
    {
        var encode = GC.AllocateArray<byte>(EncodeSize + 1, pinned: true);
        for (int i = 0; i <= EncodeSize; i++) encode[i] = (byte)Math.Round(255 * LinearToSrgb((double)i / EncodeSize));
        return encode;
    });

    /// <summary>Pixels from which an image is converted in bands on several cores.</summary>
    private const long PixelsToSplit = 1_000_000;

    /// <summary>Converts a BGR 8-bit image in place from the profile's colour space to sRGB.</summary>
    public static void ToSrgb(Mat bgr, IccProfile profile) => ToSrgb(bgr, profile, Environment.ProcessorCount);

    /// <summary>
    /// The same, in at most <paramref name="bands"/> bands of rows side by side. Phones store their photos in Display P3,
    /// so every one of them comes here: a 12 MP photo took 60 ms on one core (166 with random colours, whose clamping
    /// branches mispredicted), now ~51 on one core without branches and half that on two. Each pixel's arithmetic is
    /// unchanged (same operations, same order), so the bytes are those of the former loop.
    /// </summary>
    internal static unsafe void ToSrgb(Mat bgr, IccProfile profile, int bands)
    {
        if (bgr.Type() != MatType.CV_8UC3) throw new ArgumentException("a BGR 8-bit image is converted", nameof(bgr));
        var toSrgb = Multiply(Invert(SrgbToXyzD50), profile.Matrix);
        // Per channel, in the image's B, G, R order: 8-bit code → linear light, through the profile's curve; then the
        // 3×3 matrix, row-major. Pinned: the bands' threads read them through pointers.
        var tables = GC.AllocateArray<float>(3 * 256 + 9, pinned: true);
        for (int v = 0; v < 256; v++)
        {
            tables[v] = (float)profile.Curves[2](v / 255.0);
            tables[256 + v] = (float)profile.Curves[1](v / 255.0);
            tables[512 + v] = (float)profile.Curves[0](v / 255.0);
        }
        for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) tables[768 + 3 * r + c] = (float)toSrgb[r, c];
        var encode = EncodeTable.Value;
        nint data = (nint)bgr.DataPointer, table = (nint)Unsafe.AsPointer(ref tables[0]), code = (nint)Unsafe.AsPointer(ref encode[0]);
        long step = bgr.Step();
        int rows = bgr.Rows, cols = bgr.Cols;
        void Rows(int from, int to)
        {
            for (int y = from; y < to; y++) ConvertRow((byte*)data + y * step, cols, (float*)table, (byte*)code);
        }
        bands = (long)rows * cols >= PixelsToSplit ? Math.Clamp(bands, 1, rows) : 1;
        if (bands == 1) Rows(0, rows);
        else Parallel.For(0, bands, band => Rows((int)((long)rows * band / bands), (int)((long)rows * (band + 1) / bands)));
        GC.KeepAlive(tables);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ConvertRow(byte* p, int cols, float* tables, byte* encode)
    {
        float* linearB = tables, linearG = tables + 256, linearR = tables + 512, m = tables + 768;
        float m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5], m6 = m[6], m7 = m[7], m8 = m[8];
        for (byte* end = p + 3 * cols; p < end; p += 3)
        {
            float r = linearR[p[2]], g = linearG[p[1]], b = linearB[p[0]];
            p[2] = encode[(int)(MathF.Min(MathF.Max(m0 * r + m1 * g + m2 * b, 0f), 1f) * EncodeSize + 0.5f)];
            p[1] = encode[(int)(MathF.Min(MathF.Max(m3 * r + m4 * g + m5 * b, 0f), 1f) * EncodeSize + 0.5f)];
            p[0] = encode[(int)(MathF.Min(MathF.Max(m6 * r + m7 * g + m8 * b, 0f), 1f) * EncodeSize + 0.5f)];
        }
    }

    private static double SrgbToLinear(double v) => v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
    private static double LinearToSrgb(double l) => l <= 0.0031308 ? 12.92 * l : 1.055 * Math.Pow(l, 1 / 2.4) - 0.055;

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var r = new double[3, 3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) r[i, j] += a[i, k] * b[k, j];
        return r;
    }

    private static double[,] Invert(double[,] m)
    {
        double det = m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1]) - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0]) + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);
        var r = new double[3, 3];
        r[0, 0] = (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1]) / det; r[0, 1] = (m[0, 2] * m[2, 1] - m[0, 1] * m[2, 2]) / det; r[0, 2] = (m[0, 1] * m[1, 2] - m[0, 2] * m[1, 1]) / det;
        r[1, 0] = (m[1, 2] * m[2, 0] - m[1, 0] * m[2, 2]) / det; r[1, 1] = (m[0, 0] * m[2, 2] - m[0, 2] * m[2, 0]) / det; r[1, 2] = (m[0, 2] * m[1, 0] - m[0, 0] * m[1, 2]) / det;
        r[2, 0] = (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]) / det; r[2, 1] = (m[0, 1] * m[2, 0] - m[0, 0] * m[2, 1]) / det; r[2, 2] = (m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]) / det;
        return r;
    }
}
