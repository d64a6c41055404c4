using OpenCvSharp;
using PoseTools.Imaging;

namespace PoseTools.Tests.Imaging;

public sealed class ImageDecoderTests
{
    private static Mat Messi() => Cv2.ImRead(TestEnvironment.DataFile("messi5.jpg"));

    [Theory]
    [InlineData(".png", ImageFormat.Png)]
    [InlineData(".bmp", ImageFormat.Bmp)]
    [InlineData(".webp", ImageFormat.WebP)]
    [InlineData(".tiff", ImageFormat.Tiff)]
    [InlineData(".jpg", ImageFormat.Jpeg)]
    public void DecodesEachFormatFromItsBytes(string extension, ImageFormat format)
    {
        using var source = Messi();
        var bytes = source.ImEncode(extension);
        Assert.Equal(format, ImageHeader.SniffFormat(bytes));
        var header = ImageDecoder.ReadHeader(bytes, "x" + extension);
        Assert.Equal((source.Cols, source.Rows), (header.Width, header.Height));
        using var decoded = ImageDecoder.Decode(bytes, "x" + extension);
        Assert.Equal(MatType.CV_8UC3, decoded.Type());
        Assert.Equal(source.Size(), decoded.Size());
    }

    [Fact]
    public void GrayscaleAlphaAndSixteenBitAreConverted()
    {
        using var gray = new Mat(20, 20, MatType.CV_8UC1, Scalar.All(77));
        using (var decoded = ImageDecoder.Decode(gray.ImEncode(".png"), "gray.png"))
            Assert.Equal(new Vec3b(77, 77, 77), decoded.At<Vec3b>(5, 5));

        using var deep = new Mat(20, 20, MatType.CV_16UC3, new Scalar(257 * 10, 257 * 100, 65535));
        using (var decoded = ImageDecoder.Decode(deep.ImEncode(".png"), "deep.png"))
            Assert.Equal(new Vec3b(10, 100, 255), decoded.At<Vec3b>(3, 3));   // scaled by 255/65535, not truncated

        using var bgra = new Mat(20, 20, MatType.CV_8UC4, new Scalar(200, 100, 50, 255));
        bgra[new Rect(0, 0, 10, 20)].SetTo(new Scalar(200, 100, 50, 0));
        using (var decoded = ImageDecoder.Decode(bgra.ImEncode(".png"), "alpha.png"))
        {
            Assert.Equal(new Vec3b(0, 0, 0), decoded.At<Vec3b>(5, 2));        // transparent → over black
            Assert.Equal(new Vec3b(200, 100, 50), decoded.At<Vec3b>(5, 15));  // opaque → unchanged
        }
    }

    /// <summary>A JPEG with an EXIF APP1 segment holding only the orientation tag.</summary>
    internal static byte[] WithOrientation(byte[] jpeg, int orientation)
    {
        byte[] tiff = [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)orientation, 0, 0, 0, 0, 0, 0, 0];
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        int length = payload.Length + 2;
        return jpeg.Take(2).Concat(new byte[] { 0xFF, 0xE1, (byte)(length >> 8), (byte)length }).Concat(payload).Concat(jpeg.Skip(2)).ToArray();
    }

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(2, 1, 0)]  // mirrored: the stored top-left shows top-right
    [InlineData(3, 1, 1)]
    [InlineData(4, 0, 1)]
    [InlineData(5, 0, 0)]
    [InlineData(6, 1, 0)]  // the usual portrait photo from a phone held upright
    [InlineData(7, 1, 1)]
    [InlineData(8, 0, 1)]
    public void ExifOrientationIsApplied(int orientation, int right, int bottom)
    {
        // 64×32 stored image, white square in the stored top-left corner.
        using var stored = new Mat(32, 64, MatType.CV_8UC3, Scalar.All(0));
        stored[new Rect(0, 0, 16, 16)].SetTo(Scalar.All(255));
        var jpeg = WithOrientation(stored.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 100)), orientation);
        Assert.Equal(orientation, ImageHeader.TryRead(jpeg)!.Orientation);

        using var shown = ImageDecoder.Decode(jpeg, "oriented.jpg");
        bool turned = orientation >= 5;
        Assert.Equal(turned ? (32, 64) : (64, 32), (shown.Cols, shown.Rows));
        int x = right == 1 ? shown.Cols - 8 : 8, y = bottom == 1 ? shown.Rows - 8 : 8;
        Assert.True(shown.At<Vec3b>(y, x).Item0 > 200, $"the white corner should be at ({x}, {y})");
    }

    [Fact]
    public void EmbeddedColourProfileIsConvertedToSrgb()
    {
        var adobe = File.ReadAllBytes(TestEnvironment.DataFile("000000000785.jpg"));
        var header = ImageHeader.TryRead(adobe)!;
        var profile = IccProfile.TryParse(header.IccProfile!)!;
        Assert.Contains("Adobe RGB", profile.Description);
        Assert.False(ColorManagement.IsSrgb(profile));
        using var raw = Cv2.ImDecode(adobe, ImreadModes.Color);
        using var managed = ImageDecoder.Decode(adobe, "785.jpg");
        using var difference = new Mat();
        Cv2.Absdiff(raw, managed, difference);
        Cv2.MinMaxLoc(difference.Reshape(1), out _, out double largest);
        Assert.True(largest > 20, "Adobe RGB pixels must be re-expressed in sRGB");

        var srgb = File.ReadAllBytes(TestEnvironment.DataFile("000000196141.jpg"));
        Assert.True(ColorManagement.IsSrgb(IccProfile.TryParse(ImageHeader.TryRead(srgb)!.IccProfile!)!));
    }

    [Fact]
    public void AdobeRgbColoursLandWhereTheStandardMatricesPutThem()
    {
        var profile = IccProfile.TryParse(ImageHeader.TryRead(File.ReadAllBytes(TestEnvironment.DataFile("000000000785.jpg")))!.IccProfile!)!;
        // Adobe RGB (1998) green, mid-grey and a skin tone, converted independently with the published D65 matrices.
        foreach (var (r, g, b) in new[] { (0, 255, 0), (128, 128, 128), (200, 150, 120), (30, 60, 200) })
        {
            using var pixel = new Mat(1, 1, MatType.CV_8UC3, new Scalar(b, g, r));
            ColorManagement.ToSrgb(pixel, profile);
            var actual = pixel.At<Vec3b>(0, 0);
            var expected = AdobeToSrgb(r, g, b);
            Assert.InRange(Math.Abs(actual.Item2 - expected.R), 0, 2);
            Assert.InRange(Math.Abs(actual.Item1 - expected.G), 0, 2);
            Assert.InRange(Math.Abs(actual.Item0 - expected.B), 0, 2);
        }
    }

    [Theory]
    [InlineData(4000, 3000, 2)]  // a phone photo's size, in two bands
    [InlineData(1001, 1003, 7)]  // bands of unequal heights
    [InlineData(640, 425, 4)]    // too small to split: one band, whatever is asked
    public void ColourConversionInBandsGivesTheBytesOfOneBand(int width, int height, int bands)
    {
        byte[] file = File.ReadAllBytes(TestEnvironment.DataFile("000000000785.jpg"));
        var profile = IccProfile.TryParse(ImageHeader.TryRead(file)!.IccProfile!)!;
        using var photo = Cv2.ImDecode(file, ImreadModes.Color);
        using var source = photo.Resize(new Size(width, height));
        using var noise = new Mat(height / 2, width, MatType.CV_8UC3);
        noise.Randu(Scalar.All(0), Scalar.All(256)); // every code value in every channel, out-of-gamut colours included
        noise.CopyTo(source[new Rect(0, 0, width, height / 2)]);
        using var whole = source.Clone();
        using var split = source.Clone();
        ColorManagement.ToSrgb(whole, profile, bands: 1);
        ColorManagement.ToSrgb(split, profile, bands);
        Assert.Equal(Bytes(whole), Bytes(split));
        Assert.NotEqual(Bytes(source), Bytes(whole));
    }

    private static byte[] Bytes(Mat image)
    {
        image.GetArray(out Vec3b[] pixels);
        return pixels.SelectMany(p => new[] { p.Item0, p.Item1, p.Item2 }).ToArray();
    }

    private static (int R, int G, int B) AdobeToSrgb(int r, int g, int b)
    {
        double L(int v) => Math.Pow(v / 255.0, 563 / 256.0);
        double[] lin = [L(r), L(g), L(b)];
        double[,] adobeToXyz = { { 0.5767309, 0.1855540, 0.1881852 }, { 0.2973769, 0.6273491, 0.0752741 }, { 0.0270343, 0.0706872, 0.9911085 } };
        double[,] xyzToSrgb = { { 3.2404542, -1.5371385, -0.4985314 }, { -0.9692660, 1.8760108, 0.0415560 }, { 0.0556434, -0.2040259, 1.0572252 } };
        var xyz = new double[3];
        for (int i = 0; i < 3; i++) for (int k = 0; k < 3; k++) xyz[i] += adobeToXyz[i, k] * lin[k];
        int Encode(double l) { l = Math.Clamp(l, 0, 1); return (int)Math.Round(255 * (l <= 0.0031308 ? 12.92 * l : 1.055 * Math.Pow(l, 1 / 2.4) - 0.055)); }
        var rgb = new int[3];
        for (int i = 0; i < 3; i++) { double s = 0; for (int k = 0; k < 3; k++) s += xyzToSrgb[i, k] * xyz[k]; rgb[i] = Encode(s); }
        return (rgb[0], rgb[1], rgb[2]);
    }

    [Fact]
    public void HeaderRevealsATruncatedJpeg()
    {
        var jpeg = File.ReadAllBytes(TestEnvironment.DataFile("messi5.jpg"));
        Assert.True(ImageHeader.TryRead(jpeg)!.IsComplete);
        Assert.False(ImageHeader.TryRead(jpeg[..(jpeg.Length * 2 / 3)])!.IsComplete);
    }
}
