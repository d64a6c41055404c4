using PoseTools.Models;
using OpenCvSharp;
using PoseTools.Imaging;
using PoseTools.Inference;
using PoseTools.Results;
using Xunit.Abstractions;

namespace PoseTools.Tests.Inference;

public sealed class PoseEstimatorTests(ITestOutputHelper output)
{
    private static PoseEstimator Full => TestEstimators.For(1);

    [Fact]
    public void NoPersonIsAnEmptyResultNotAnError()
    {
        var result = Full.Estimate(TestEnvironment.DataFile("no-person-fruits.jpg"));
        Assert.Empty(result.Poses);
        Assert.True(result.Width > 0 && result.Milliseconds > 0);
    }

    [Fact]
    public void PathBytesStreamAndDecodedImageGiveTheSameLandmarks()
    {
        string path = TestEnvironment.DataFile("messi5.jpg");
        var bytes = File.ReadAllBytes(path);
        using var image = ImageDecoder.Decode(bytes, path);
        using var stream = new MemoryStream(bytes);
        var results = new[] { Full.Estimate(path), Full.Estimate(bytes), Full.Estimate(stream), Full.Estimate(image) };
        Assert.Equal(["messi5.jpg", "bytes", "stream", "image"], results.Select(r => Path.GetFileName(r.Source)));
        foreach (var r in results.Skip(1))
            Assert.Equal(results[0].Poses[0].Landmarks.Select(l => l.X), r.Poses[0].Landmarks.Select(l => l.X));
    }

    [Fact]
    public void ConcurrentCallsGiveTheSameResultsAsSequentialOnes()
    {
        var files = new[] { "messi5.jpg", "basketball1.png", "S1_Directions_1.54138969_000001.jpg", "060754485.jpg" }.Select(TestEnvironment.DataFile).ToArray();
        var sequential = files.Select(f => Full.Estimate(f)).ToArray();
        var parallel = new PoseResult[files.Length * 3];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i => parallel[i] = Full.Estimate(files[i % files.Length]));
        for (int i = 0; i < parallel.Length; i++)
            Assert.Equal(sequential[i % files.Length].Poses[0].Landmarks.Select(l => l.Y), parallel[i].Poses[0].Landmarks.Select(l => l.Y));
    }

    [Fact]
    public void LandmarksAreNamedAndCarryPixelCoordinates()
    {
        var result = Full.Estimate(TestEnvironment.DataFile("messi5.jpg"));
        var pose = Assert.Single(result.Poses);
        var knee = pose.Landmarks.LeftKnee;
        Assert.Same(knee, pose.Landmarks[PoseLandmark.LeftKnee]);
        Assert.Same(knee, pose.Landmarks["leftknee"]);
        Assert.Same(knee, pose.Landmarks[25]);
        Assert.Equal(PoseLandmark.LeftKnee, knee.Name);
        Assert.Equal(knee.X * result.Width, knee.PixelX, 3);
        Assert.Throws<KeyNotFoundException>(() => pose.Landmarks["LeftToe"]);
        // anatomy: the knee lies between hip and ankle, the nose above the hips
        Assert.InRange(knee.Y, pose.Landmarks.LeftHip.Y, pose.Landmarks.LeftAnkle.Y);
        Assert.True(pose.Landmarks.Nose.Y < pose.Landmarks.LeftHip.Y);
        // world landmarks: metres, origin between the hips
        var hips = (pose.WorldLandmarks.LeftHip.X + pose.WorldLandmarks.RightHip.X) / 2;
        Assert.InRange(hips, -0.05f, 0.05f);
        Assert.InRange(pose.WorldLandmarks.Nose.Y, -1.0f, -0.3f);
    }

    [Fact]
    public void EstimatorsThatDifferOnlyInOptionsNoSessionSeesShareTheirSessions()
    {
        var models = TestEnvironment.Models.Directory;
        var one = new PoseEstimator(new PoseEstimatorOptions { ModelDirectory = models, Threads = 1, MaxPoses = 1 });
        var other = new PoseEstimator(new PoseEstimatorOptions { ModelDirectory = models, Threads = 1, MinPresenceConfidence = 0.4f, ReducedDecoding = true });
        var lite = new PoseEstimator(new PoseEstimatorOptions { ModelDirectory = models, Threads = 1, ModelComplexity = ModelComplexity.Lite });
        string detector = new ModelStore(models).GetModelPath(PoseModel.Detector), full = new ModelStore(models).GetModelPath(PoseModel.LandmarkFull);
        var sharedDetector = SharedStages.Detector(detector, 1);
        var sharedFull = SharedStages.Landmarker(full, false, 1);
        try
        {
            Assert.Same(sharedDetector, SharedStages.Detector(detector, 1));
            SharedStages.Release(sharedDetector);
            var withMask = SharedStages.Landmarker(full, true, 1);
            Assert.NotSame(sharedFull, withMask);                                 // with the segmentation head: another session
            SharedStages.Release(withMask);
            string photo = TestEnvironment.DataFile("messi5.jpg");
            var expected = one.Estimate(photo).Poses[0].Landmarks[0];
            Assert.Equal(expected, other.Estimate(photo).Poses[0].Landmarks[0]);  // sessions load with the first photo
            one.Dispose();                                                       // the others' stages live on
            Assert.Equal(expected, other.Estimate(photo).Poses[0].Landmarks[0]);
            Assert.Single(lite.Estimate(photo).Poses);
        }
        finally
        {
            SharedStages.Release(sharedDetector);
            SharedStages.Release(sharedFull);
            other.Dispose();
            lite.Dispose();
        }
    }

    [Fact]
    public void AStageThatFailsToLoadIsNotRememberedAndConcurrentAsksLoadOnce()
    {
        string folder = TestEnvironment.NewTempDirectory("posetools-stage");
        string broken = Path.Combine(folder, "pose_detection.onnx");
        File.WriteAllBytes(broken, new byte[1000]);
        var first = Assert.ThrowsAny<Exception>(() => SharedStages.Detector(broken, 1));
        var second = Assert.ThrowsAny<Exception>(() => SharedStages.Detector(broken, 1));
        Assert.NotSame(first, second);                                            // tried again, not a remembered failure

        // Eight callers at once, one session: the load runs outside the lock, once.
        string detector = new ModelStore(TestEnvironment.Models.Directory).GetModelPath(PoseModel.Detector);
        var stages = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8).Select(_ => SharedStages.Detector(detector, 3)).ToList();
        try { Assert.All(stages, s => Assert.Same(stages[0], s)); }
        finally { foreach (var s in stages) SharedStages.Release(s); }
    }

    [Fact]
    public void SessionsLoadForTheWorkAsked()
    {
        // A video decoded on its own thread is inferred on the cores the decoder leaves; photos on all of them. Each
        // set of sessions loads with the first image that needs it, so tracking a video never loads the photo one.
        using var estimator = new PoseEstimator(new PoseEstimatorOptions { ModelDirectory = TestEnvironment.Models.Directory });
        Assert.Equal((false, false), estimator.LoadedPipelines);
        Assert.Equal(3, estimator.EstimateVideo(TestEnvironment.DataFile("pushup_correct_001.mp4")).Take(3).Count(r => r.Poses.Count == 1));
        Assert.Equal((false, true), estimator.LoadedPipelines);
        Assert.Single(estimator.Estimate(TestEnvironment.DataFile("messi5.jpg")).Poses);
        Assert.Equal((true, true), estimator.LoadedPipelines);
    }

    [Fact]
    public void MissingModelsFailWhenTheEstimatorIsMadeNotOnItsFirstPhoto()
    {
        string empty = TestEnvironment.NewTempDirectory("posetools-nomodels");
        Assert.Throws<ModelNotInstalledException>(() => new PoseEstimator(new PoseEstimatorOptions { ModelDirectory = empty }));
    }

    [Fact]
    public void OptionsAreValidated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PoseEstimator(new PoseEstimatorOptions { MaxPoses = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PoseEstimator(new PoseEstimatorOptions { MinDetectionConfidence = 1.5f }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PoseEstimator(new PoseEstimatorOptions { ModelComplexity = (PoseTools.Models.ModelComplexity)7 }));
    }

    [Fact]
    public void SegmentationMaskCoversThePerson()
    {
        var estimator = TestEstimators.For(new PoseEstimatorOptions { Segmentation = true });
        var result = estimator.Estimate(TestEnvironment.DataFile("messi5.jpg"));
        var pose = Assert.Single(result.Poses);
        var mask = pose.Mask!;
        Assert.Equal((result.Width, result.Height), (mask.Width, mask.Height));
        var hip = pose.Landmarks.LeftHip;
        Assert.True(mask[(int)hip.PixelX, (int)hip.PixelY] > 0.8f);
        Assert.True(mask[2, 2] < 0.1f && mask[result.Width - 3, result.Height - 3] < 0.1f);
        // the same landmarks as without segmentation: the pruned graph computes the same numbers
        var plain = Full.Estimate(TestEnvironment.DataFile("messi5.jpg")).Poses[0];
        Assert.Equal(plain.Landmarks.Select(l => l.X), pose.Landmarks.Select(l => l.X));
    }

    [Fact]
    public void AnExifRotatedPhotoGivesTheLandmarksOfWhatIsShown()
    {
        // Store messi turned 90° counter-clockwise with orientation 6 (display: turn clockwise) → the upright photo.
        using var upright = Cv2.ImRead(TestEnvironment.DataFile("messi5.jpg"));
        using var turned = new Mat();
        Cv2.Rotate(upright, turned, RotateFlags.Rotate90Counterclockwise);
        var jpeg = turned.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 98));
        byte[] tiff = [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0];
        var app1 = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var oriented = jpeg.Take(2).Concat(new byte[] { 0xFF, 0xE1, 0, (byte)(app1.Length + 2) }).Concat(app1).Concat(jpeg.Skip(2)).ToArray();

        var shown = Full.Estimate(oriented, "oriented.jpg");
        var reference = Full.Estimate(TestEnvironment.DataFile("messi5.jpg"));
        Assert.Equal((reference.Width, reference.Height), (shown.Width, shown.Height));
        double error = shown.Poses[0].Landmarks.Zip(reference.Poses[0].Landmarks, (a, b) => Math.Sqrt(Math.Pow(a.PixelX - b.PixelX, 2) + Math.Pow(a.PixelY - b.PixelY, 2))).Average();
        output.WriteLine($"mean landmark distance {error:F1} px");
        Assert.True(error < 5);
    }
}
