using OpenCvSharp;
using PoseTools.Analysis;
using PoseTools.Imaging;
using PoseTools.Inference;
using PoseTools.Tests.Inference;
using Xunit.Abstractions;

namespace PoseTools.Tests.Imaging;

/// <summary>
/// Large JPEGs are decoded at a reduced scale. The shared data holds no real high-resolution photo, so these tests
/// enlarge the shared photos to phone size (about 4000 pixels across): that proves the mechanics (scale chosen,
/// coordinates, orientation) and bounds the landmark change, but an enlarged photo has no fine detail to lose.
/// </summary>
public sealed class ScaledPhotoTests(ITestOutputHelper output)
{
    internal static byte[] PhoneSized(string file, int longSide = 4000)
    {
        using var small = Cv2.ImRead(TestEnvironment.DataFile(file));
        double k = (double)longSide / Math.Max(small.Cols, small.Rows);
        var size = new Size((int)Math.Round(small.Cols * k / 8) * 8, (int)Math.Round(small.Rows * k / 8) * 8);
        using var large = new Mat();
        Cv2.Resize(small, large, size, 0, 0, InterpolationFlags.Lanczos4);
        return large.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 95));
    }

    [Fact]
    public void OrdinaryPhotosAndOtherFormatsDecodeInFull()
    {
        using var photo = ScaledPhoto.Decode(File.ReadAllBytes(TestEnvironment.DataFile("S1_Directions_1.54138969_000001.jpg")), "s1");
        Assert.Equal(1, photo.Scale);
        using var png = Cv2.ImDecode(PhoneSized("messi5.jpg"), ImreadModes.Color);
        using var pngPhoto = ScaledPhoto.Decode(png.ImEncode(".png"), "large.png");
        Assert.Equal(1, pngPhoto.Scale);
        Assert.Equal((png.Cols, png.Rows), (pngPhoto.Pixels.Cols, pngPhoto.Pixels.Rows));
    }

    [Fact]
    public void ALargeJpegIsDecodedReducedAndFinerOnlyForASmallPerson()
    {
        var bytes = PhoneSized("messi5.jpg");
        var header = ImageDecoder.ReadHeader(bytes, "large");
        using var photo = ScaledPhoto.Decode(bytes, "large");
        Assert.Equal(4, photo.Scale);                                                         // 4000 px → 1000
        Assert.Equal((header.Width, header.Height), (photo.Width, photo.Height));
        Assert.Equal((header.Width / 4, header.Height / 4), (photo.Pixels.Cols, photo.Pixels.Rows));
        Assert.Same(photo.Pixels, photo.PixelsFor(4 * ScaledPhoto.LandmarkInputSide));   // a big person: enough pixels already
        var finer = photo.PixelsFor(600);                                                    // 600 px across needs 1/2
        Assert.Equal(2, photo.Scale);
        Assert.Equal(header.Width / 2, finer.Cols);
        photo.PixelsFor(100);                                                                // smaller than the model's input: full size
        Assert.Equal(1, photo.Scale);
    }

    [Fact]
    public void ReducedDecodingIsAsAccurateAgainstTheGroundTruth()
    {
        var truth = KeypointEvaluation.ReadGroundTruth(TestEnvironment.DataFile("annotations.json"));
        var photos = truth.Keys.ToDictionary(f => f, f => (Jpeg: PhoneSized(f), Size: ImageDecoder.ReadHeader(File.ReadAllBytes(TestEnvironment.DataFile(f)), f).DisplaySize));
        KeypointScore Score(bool reduced, out double decodeMs)
        {
            var estimator = TestEstimators.For(new PoseEstimatorOptions { ReducedDecoding = reduced });
            var decode = new List<double>();
            var results = photos.ToDictionary(p => p.Key, p =>
            {
                var r = estimator.Estimate(p.Value.Jpeg, p.Key);
                decode.Add(r.Timings.Decode);
                return r with { Width = p.Value.Size.Width, Height = p.Value.Size.Height }; // normalised landmarks → annotated pixels
            });
            decodeMs = decode.Order().ElementAt(decode.Count / 2);
            return KeypointEvaluation.Evaluate(results, truth);
        }
        var full = Score(false, out double fullMs);
        var reduced = Score(true, out double reducedMs);
        output.WriteLine($"full decoding: {full}, decode median {fullMs:F1} ms\nreduced:       {reduced}, decode median {reducedMs:F1} ms");
        Assert.True(reduced.Recalled >= full.Recalled - 1, $"recall {reduced.Recalled} vs {full.Recalled}");
        Assert.True(reduced.MeanOks >= full.MeanOks - 0.02, $"mean OKS {reduced.MeanOks:F3} vs {full.MeanOks:F3}");
    }

    [Fact]
    public void ExifOrientationHoldsAtAReducedScale()
    {
        var upright = PhoneSized("messi5.jpg");
        using var stored = Cv2.ImDecode(upright, ImreadModes.Color);
        using var rotated = new Mat();
        Cv2.Rotate(stored, rotated, RotateFlags.Rotate90Counterclockwise);   // stored sideways; orientation 6 turns it back
        var jpeg = ImageDecoderTests.WithOrientation(rotated.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 95)), 6);
        var estimator = TestEstimators.For(new PoseEstimatorOptions { ReducedDecoding = true });
        var expected = estimator.Estimate(upright, "upright");
        var result = estimator.Estimate(jpeg, "orientation 6");
        Assert.Equal((stored.Cols, stored.Rows), (result.Width, result.Height));
        var deviation = LandmarkDeviation.Between(result.Poses[0], AsReference(expected));
        output.WriteLine($"orientation 6: {deviation}");
        Assert.True(deviation.Mean <= 0.003, $"{deviation}");
    }

    [Fact]
    public void GetPoseReducedDecodingInPwshGivesTheLibrarysReducedResult()
    {
        string file = Path.Combine(TestEnvironment.NewTempDirectory("posetools-phone"), "phone photo.jpg");
        File.WriteAllBytes(file, PhoneSized("messi5.jpg"));
        var expected = TestEstimators.For(new PoseEstimatorOptions { ReducedDecoding = true }).Estimate(file);
        var lines = PowerShell.Pwsh.Ok($$"""
            Get-Pose -LiteralPath {{PowerShell.Pwsh.Quote(file)}} -ReducedDecoding | ForEach-Object { '{0}|{1}|{2:R}' -f $_.Width, $_.PoseCount, $_.Poses[0].Landmarks[0].X }
            """);
        Assert.Equal($"{expected.Width}|1|{expected.Poses[0].Landmarks[0].X:R}", Assert.Single(lines));
    }

    private static ReferenceImage AsReference(Results.PoseResult result) => new("full", result.Width, result.Height,
        result.Poses[0].Landmarks.Select(l => ((double)l.X, (double)l.Y, (double)l.Z, (double)l.Visibility)).ToArray(),
        result.Poses[0].WorldLandmarks.Select(l => ((double)l.X, (double)l.Y, (double)l.Z)).ToArray());
}
