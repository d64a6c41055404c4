using System.Runtime.InteropServices;
using PoseTools.Geometry;
using OpenCvSharp;
using PoseTools.Imaging;
using PoseTools.Inference;

namespace PoseTools.Tests.Inference;

/// <summary>Each pipeline stage on inputs whose answer is known by construction.</summary>
public sealed class StageTests
{
    [Fact]
    public void AnchorsFollowThePoseDetectorsGrid()
    {
        var anchors = SsdAnchors.PoseDetector;
        Assert.Equal(2254, anchors.Count);
        Assert.Equal(new NormalizedPoint(0.5f / 28, 0.5f / 28), anchors[0]);
        Assert.Equal(anchors[0], anchors[1]);                                   // two anchors per cell on the 28² map
        Assert.Equal(new NormalizedPoint(1.5f / 28, 0.5f / 28), anchors[2]);
        Assert.Equal(new NormalizedPoint(0.5f / 14, 0.5f / 14), anchors[28 * 28 * 2]); // 14² map starts at 1568
        Assert.Equal(new NormalizedPoint(0.5f / 7, 0.5f / 7), anchors[1568 + 392]);    // 7² map, 6 per cell
        Assert.Equal(new NormalizedPoint(6.5f / 7, 6.5f / 7), anchors[^1]);
    }

    [Fact]
    public void DecoderScalesOffsetsByTheInputSizeAroundTheAnchor()
    {
        var anchors = new[] { new NormalizedPoint(0.25f, 0.5f), new NormalizedPoint(0.75f, 0.75f) };
        var boxes = new float[24];
        // anchor 0: centre +22.4 px, size 44.8 px, keypoint 0 at −11.2 px in x
        boxes[0] = 22.4f; boxes[1] = 0; boxes[2] = 44.8f; boxes[3] = 22.4f; boxes[4] = -11.2f; boxes[5] = 0;
        var scores = new[] { 2f, -3f }; // sigmoid: 0.881, 0.047
        var d = Assert.Single(DetectionDecoder.Decode(boxes, scores, anchors, 0.5f));
        Assert.Equal(1 / (1 + MathF.Exp(-2)), d.Score, 5);
        Assert.Equal(0.35f - 0.1f, d.FaceBox.X, 5);
        Assert.Equal(0.5f - 0.05f, d.FaceBox.Y, 5);
        Assert.Equal(0.2f, d.FaceBox.Width, 5);
        Assert.Equal(0.1f, d.FaceBox.Height, 5);
        Assert.Equal(0.2f, d.Keypoints[0].X, 5);
        Assert.Equal(new NormalizedPoint(0.25f, 0.5f), d.Keypoints[3]);
        // logits are clipped to ±100 before the sigmoid, so huge values stay finite
        Assert.Equal(1f, DetectionDecoder.Decode(boxes, [1e9f, -1e9f], anchors, 0.5f)[0].Score);
    }

    [Fact]
    public void WeightedSuppressionAveragesOverlappingDetectionsByScore()
    {
        static Detection D(float score, float x, float kx) => new(score, new NormalizedBox(x, 0.1f, 0.2f, 0.2f),
            [new NormalizedPoint(kx, 0.5f), new NormalizedPoint(kx, 0.2f), new NormalizedPoint(kx, 0.4f), new NormalizedPoint(kx, 0.1f)]);
        var input = new[] { D(0.6f, 0.12f, 0.3f), D(0.9f, 0.10f, 0.2f), D(0.8f, 0.60f, 0.7f) };
        var kept = NonMaxSuppression.Weighted(input);
        Assert.Equal(2, kept.Count);
        Assert.Equal(0.9f, kept[0].Score);                 // the best score stays
        Assert.Equal((0.9f * 0.10f + 0.6f * 0.12f) / 1.5f, kept[0].FaceBox.X, 5);
        Assert.Equal((0.9f * 0.2f + 0.6f * 0.3f) / 1.5f, kept[0].Keypoints[0].X, 5);
        Assert.Equal(input[2].FaceBox.X, kept[1].FaceBox.X, 5);   // an isolated detection passes unchanged
        Assert.Equal(input[2].Keypoints[0].X, kept[1].Keypoints[0].X, 5);
    }

    [Fact]
    public void RegionIsCentredOnTheHipsAndTurnedUpright()
    {
        // 200×100 image, hips at (100, 50) px, scale point 20 px straight up: no rotation, side 2·20·1.25 = 50 px.
        var up = RegionOfInterest.FromAlignmentPoints(new(0.5f, 0.5f), new(0.5f, 0.3f), 200, 100);
        Assert.Equal(0.5f, up.CenterX);
        Assert.Equal(0.5f, up.CenterY);
        Assert.Equal(0f, up.Rotation, 5);
        Assert.Equal(50f / 200, up.Width, 5);
        Assert.Equal(50f / 100, up.Height, 5);
        // Scale point to the right: the body lies on its side, the region turns by +90°.
        var right = RegionOfInterest.FromAlignmentPoints(new(0.5f, 0.5f), new(0.6f, 0.5f), 200, 100);
        Assert.Equal(MathF.PI / 2, right.Rotation, 5);
        Assert.Equal(-MathF.PI + 0.5f, RegionOfInterest.NormalizeRadians(MathF.PI + 0.5f), 5);
    }

    [Fact]
    public void HeatmapRefinementMovesALandmarkToTheConfidentPeak()
    {
        const int size = 64;
        var heatmap = Enumerable.Repeat(-10f, size * size).ToArray();
        heatmap[20 * size + 10] = 10f;                      // one confident cell at column 10, row 20
        var landmarks = new[] { new RawLandmark(11.4f / size, 21.6f / size, 0, 1, 1) };
        LandmarkDecoder.RefineFromHeatmap(landmarks, heatmap, size, size, 1);
        Assert.Equal(10.0 / size, landmarks[0].X, 1e-4);
        Assert.Equal(20.0 / size, landmarks[0].Y, 1e-4);

        var flat = Enumerable.Repeat(-10f, size * size).ToArray(); // nothing above 0.5: left alone
        var untouched = new[] { new RawLandmark(0.3f, 0.3f, 0, 1, 1) };
        LandmarkDecoder.RefineFromHeatmap(untouched, flat, size, size, 1);
        Assert.Equal(0.3f, untouched[0].X);
    }

    [Fact]
    public void ProjectionRotatesAndScalesThroughTheRegion()
    {
        var region = new RegionOfInterest(0.4f, 0.6f, 0.2f, 0.3f, MathF.PI / 2);
        var p = LandmarkDecoder.Project(new RawLandmark(1f, 0.5f, 0.1f, 1, 1), region, default);
        // crop (1, 0.5) is 0.5 right of centre; turned 90° it points down: (0, +0.5) · (0.2, 0.3) + centre
        Assert.Equal(0.4f, p.X, 5);
        Assert.Equal(0.6f + 0.5f * 0.3f, p.Y, 5);
        Assert.Equal(0.1f * 0.2f, p.Z, 5);
    }

    [Fact]
    public void SamplerReadsPixelCentresExactlyAndFillsTheLetterbox()
    {
        using var image = new Mat(4, 8, MatType.CV_8UC3);
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 8; x++)
                image.Set(y, x, new Vec3b((byte)(10 * x), (byte)(20 * y), (byte)(x + y)));

        var same = new float[4 * 8 * 3];
        TensorSampler.Sample(image, PixelRegion.WholeImage(8, 4), 8, 4, 0f, 255f, SamplerBorder.Replicate, same);
        Assert.Equal(3 + 2, same[(2 * 8 + 3) * 3 + 0], 3);  // R = x + y (BGR in, RGB out)
        Assert.Equal(40, same[(2 * 8 + 3) * 3 + 1], 3);     // G = 20y
        Assert.Equal(30, same[(2 * 8 + 3) * 3 + 2], 3);     // B = 10x

        var (padded, padding) = PixelRegion.WholeImage(8, 4).PadToAspect(8, 8);
        Assert.Equal(0.25f, padding.Top);
        var square = new float[8 * 8 * 3];
        TensorSampler.Sample(image, padded, 8, 8, -1f, 1f, SamplerBorder.Zero, square);
        Assert.All(square.Take(8 * 2 * 3), v => Assert.Equal(-1f, v));   // two black rows on top
        Assert.Equal(2 * 30 / 255f - 1, square[(2 * 8 + 3) * 3 + 2], 4);   // first image row
    }

    [Theory]
    [InlineData("messi5.jpg", 256)]
    [InlineData("S1_Directions_1.54138969_000001.jpg", 224)]
    [InlineData("messi5.jpg", 37)]
    public void VectorisedCropGivesTheScalarCropsFloatsBitForBit(string photo, int side)
    {
        using var whole = Cv2.ImRead(TestEnvironment.DataFile(photo));
        CompareVectorisedWithScalar(whole, side);
        // A view into a larger image (as a caller's Mat may be): rows longer than the pixels, the last row's end inside
        // the parent — the gathers' reads past a pixel must stay in bounds and the results the same.
        using var view = new Mat(whole, new Rect(13, 7, whole.Cols - 40, whole.Rows - 30));
        Assert.True(view.Step() > 3 * view.Cols);
        CompareVectorisedWithScalar(view, side);
    }

    private static void CompareVectorisedWithScalar(Mat image, int side)
    {
        // Regions inside, across the edges and far outside the photo, at every angle, with both borders: the AVX2
        // sampler must produce exactly the scalar loop's floats, or the landmarks would move against the reference.
        var random = new Random(side);
        var vector = new float[side * side * 3];
        var scalar = new float[side * side * 3];
        // On an AVX2 machine (this one), the comparison below is vectorised against scalar, not scalar against itself.
        Assert.Equal(System.Runtime.Intrinsics.X86.Avx2.IsSupported, GatherSampler.Supports(image.Step(), image.Cols, image.Rows));
        for (int k = 0; k < 120; k++)
        {
            var region = new PixelRegion(
                (float)(random.NextDouble() * 1.4 - 0.2) * image.Cols, (float)(random.NextDouble() * 1.4 - 0.2) * image.Rows,
                (float)(0.1 + random.NextDouble() * 1.2) * image.Cols, (float)(0.1 + random.NextDouble() * 1.2) * image.Rows,
                (float)(random.NextDouble() * 2 * Math.PI - Math.PI));
            var border = k % 2 == 0 ? SamplerBorder.Replicate : SamplerBorder.Zero;
            TensorSampler.Sample(image, region, side, side, k % 3 == 0 ? -1f : 0f, 1f, border, vector, vectorized: true);
            TensorSampler.Sample(image, region, side, side, k % 3 == 0 ? -1f : 0f, 1f, border, scalar, vectorized: false);
            int differs = MemoryMarshal.Cast<float, int>(vector).CommonPrefixLength(MemoryMarshal.Cast<float, int>(scalar));
            Assert.True(differs == vector.Length, differs == vector.Length ? "" : $"region {k} ({region}), float {differs}: {vector[differs]:R} vectorised vs {scalar[differs]:R}");
        }
    }
}
