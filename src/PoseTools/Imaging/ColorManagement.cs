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

    /// <summary>Converts a BGR 8-bit image in place from the profile's colour space to sRGB.</summary>
    public static void ToSrgb(Mat bgr, IccProfile profile)
    {
        var toSrgb = Multiply(Invert(SrgbToXyzD50), profile.Matrix);
        // Per channel: 8-bit code → linear light, through the profile's curve.
        var linear = new float[3][];
        for (int ch = 0; ch < 3; ch++)
        {
            linear[ch] = new float[256];
            for (int v = 0; v < 256; v++) linear[ch][v] = (float)profile.Curves[ch](v / 255.0);
        }
        // Linear sRGB → 8-bit code, finely tabulated.
        const int encodeSize = 8192;
        var encode = new byte[encodeSize + 1];
        for (int i = 0; i <= encodeSize; i++) encode[i] = (byte)Math.Round(255 * LinearToSrgb((double)i / encodeSize));

        var m = new float[9];
        for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) m[3 * r + c] = (float)toSrgb[r, c];
        Convert(bgr, linear, m, encode, encodeSize);
    }

    private static unsafe void Convert(Mat bgr, float[][] linear, float[] m, byte[] encode, int encodeSize)
    {
        byte* data = (byte*)bgr.DataPointer;
        long step = bgr.Step();
        int rows = bgr.Rows, cols = bgr.Cols;
        for (int y = 0; y < rows; y++)
        {
            byte* p = data + y * step;
            for (int x = 0; x < cols; x++, p += 3)
            {
                float r = linear[0][p[2]], g = linear[1][p[1]], b = linear[2][p[0]];
                p[2] = encode[(int)(Math.Clamp(m[0] * r + m[1] * g + m[2] * b, 0f, 1f) * encodeSize + 0.5f)];
                p[1] = encode[(int)(Math.Clamp(m[3] * r + m[4] * g + m[5] * b, 0f, 1f) * encodeSize + 0.5f)];
                p[0] = encode[(int)(Math.Clamp(m[6] * r + m[7] * g + m[8] * b, 0f, 1f) * encodeSize + 0.5f)];
            }
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
