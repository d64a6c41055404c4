using System.Diagnostics;
using OpenCvSharp;
using PoseTools.Imaging;

namespace PoseTools.Tests.Video;

/// <summary>Frame sources on the shared clips: OpenCV, the ffmpeg process fallback, image sequences, bad files.</summary>
public sealed class VideoReaderTests
{
    [Theory]
    [InlineData("pushup_incorrect_001.mp4")]   // H.264
    [InlineData("squat_correct_010.mp4")]
    [InlineData("posetrack-000001.mp4")]        // MPEG-4 part 2
    public void OpenCvReadsEveryFrameWithItsTime(string clip)
    {
        var truth = VideoTruth.For(clip);
        using var source = VideoReader.Open(TestEnvironment.DataFile(clip));
        Assert.StartsWith("OpenCV", source.Backend);
        Assert.Equal(truth.Fps, source.FramesPerSecond, 2);
        var frames = source.Frames().Select(f => (f.Index, f.Timestamp, f.Image.Cols, f.Image.Rows)).ToList();
        Assert.Equal(truth.Frames, frames.Count);
        Assert.Equal(Enumerable.Range(0, truth.Frames).Select(i => (long)i), frames.Select(f => f.Index));
        Assert.Equal(frames[^1].Index / truth.Fps, frames[^1].Timestamp.TotalSeconds, 3);
    }

    [Theory]
    [InlineData("squat_correct_010.mp4")]
    [InlineData("posetrack-000001.mp4")]
    public void TheFfmpegProcessDecodesTheSameFrames(string clip)
    {
        Assert.True(VideoReader.FfmpegAvailable, "the ffmpeg fallback needs Debian's ffmpeg package (ffmpeg and ffprobe on the PATH)");
        using var opencv = VideoReader.Open(TestEnvironment.DataFile(clip), VideoBackend.OpenCv);
        using var ffmpeg = VideoReader.Open(TestEnvironment.DataFile(clip), VideoBackend.Ffmpeg);
        Assert.Equal("ffmpeg process", ffmpeg.Backend);
        Assert.Equal(opencv.FramesPerSecond, ffmpeg.FramesPerSecond, 3);
        int count = 0;
        foreach (var (a, b) in opencv.Frames().Zip(ffmpeg.Frames()))
        {
            Assert.Equal((a.Index, a.Timestamp, a.Image.Size()), (b.Index, b.Timestamp, b.Image.Size()));
            double meanDifference = Cv2.Norm(a.Image, b.Image, NormTypes.L1) / (a.Image.Total() * 3);
            Assert.True(meanDifference < 2, $"frame {a.Index}: mean difference {meanDifference:F2} levels");   // same decoder, colour conversion may round differently
            count++;
        }
        Assert.Equal(VideoTruth.For(clip).Frames, count);
    }

    /// <summary>The first frames of the squat clip re-encoded (or re-muxed) by the ffmpeg program.</summary>
    private static string Transcode(string fileName, params string[] options)
    {
        Assert.True(VideoReader.FfmpegAvailable, "the video tests need Debian's ffmpeg package (ffmpeg and ffprobe on the PATH)");
        string output = Path.Combine(TestEnvironment.NewTempDirectory("posetools-transcode"), fileName);
        var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", ["-v", "error", "-y", "-i", TestEnvironment.DataFile("squat_correct_010.mp4"), "-frames:v", "10", .. options, output]))!;
        ffmpeg.WaitForExit();
        Assert.Equal(0, ffmpeg.ExitCode);
        return output;
    }

    [Theory]
    [InlineData("clip.webm", "libvpx-vp9")]
    [InlineData("clip.webm", "libvpx")]
    [InlineData("clip.avi", "mjpeg")]
    [InlineData("clip.mkv", "libx264")]
    public void CommonContainersAndCodecsDecode(string fileName, string codec)
    {
        string path = Transcode(fileName, "-c:v", codec, "-pix_fmt", "yuv420p");
        Assert.True(VideoReader.IsVideo(path));
        using var source = VideoReader.Open(path);
        Assert.StartsWith("OpenCV", source.Backend);
        Assert.Equal(10, source.Frames().Count(f => f.Image.Cols == 1280 && f.Image.Rows == 720));
    }

    [Fact]
    public void PhoneVideosTurnedAQuarterAreReadUprightByBothBackends()
    {
        string rotated = Transcode("rotated.mp4", "-c", "copy", "-metadata:s:v:0", "rotate=90");
        using var a = VideoReader.Open(rotated, VideoBackend.OpenCv);
        using var b = VideoReader.Open(rotated, VideoBackend.Ffmpeg);
        using var first = a.Frames().Select(f => f.Image.Clone()).First();
        using var second = b.Frames().Select(f => f.Image.Clone()).First();
        Assert.Equal(new Size(720, 1280), first.Size());
        Assert.Equal(first.Size(), second.Size());
        Assert.True(Cv2.Norm(first, second, NormTypes.L1) / (first.Total() * 3) < 2);
    }

    [Fact]
    public void AnImageSequenceIsTimedByItsFrameRate()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-sequence");
        var files = new List<string>();
        using (var clip = VideoReader.Open(TestEnvironment.DataFile("squat_correct_010.mp4")))
            foreach (var frame in clip.Frames().Take(4))
            {
                files.Add(Path.Combine(dir, $"{frame.Index}.jpg"));
                Cv2.ImWrite(files[^1], frame.Image);
            }
        using var sequence = VideoReader.Sequence(dir, files, 12.5);
        var frames = sequence.Frames().Select(f => (f.Index, f.Timestamp, f.File)).ToList();
        Assert.Equal(files, frames.Select(f => f.File));
        Assert.Equal(TimeSpan.FromMilliseconds(240), frames[3].Timestamp);
    }

    [Fact]
    public void AnUnreadableSequenceFrameNamesTheFile()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-badsequence");
        var good = Path.Combine(dir, "0.jpg");
        File.Copy(TestEnvironment.DataFile("messi5.jpg"), good);
        var bad = Path.Combine(dir, "1.jpg");
        File.WriteAllText(bad, "not an image");
        using var sequence = VideoReader.Sequence(dir, [good, bad, good]);
        var e = Assert.ThrowsAny<InvalidImageException>(() => sequence.Frames().ToList());
        Assert.Contains("1.jpg", e.Message);
        var skipped = new List<string>();
        using var tolerant = VideoReader.Sequence(dir, [good, bad, good], 10, (file, _) => skipped.Add(file));
        Assert.Equal([0L, 2L], tolerant.Frames().Select(f => f.Index));
        Assert.Equal([bad], skipped);
    }

    [Theory]
    [InlineData(VideoBackend.Automatic)]
    [InlineData(VideoBackend.Ffmpeg)]
    public void GarbageIsAnInvalidVideo(VideoBackend backend)
    {
        var path = Path.Combine(TestEnvironment.NewTempDirectory("posetools-garbage"), "garbage.mp4");
        File.WriteAllBytes(path, Enumerable.Range(0, 10_000).Select(i => (byte)(i * 131 % 251)).ToArray());
        var e = Assert.Throws<InvalidVideoException>(() =>
        {
            using var source = VideoReader.Open(path, backend);
            source.Frames().ToList();
        });
        Assert.Equal(path, e.VideoSource);
    }

    [Fact]
    public void ATruncatedVideoGivesTheFramesItHas()
    {
        var path = Path.Combine(TestEnvironment.NewTempDirectory("posetools-truncated"), "cut.avi");
        // An AVI (MJPEG) cut in half: the index is lost but the first frames are intact.
        using (var source = VideoReader.Open(TestEnvironment.DataFile("squat_correct_010.mp4")))
        using (var writer = new VideoWriter(path, FourCC.MJPG, 30, new Size(1280, 720)))
            foreach (var frame in source.Frames().Take(20)) writer.Write(frame.Image);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        using var cut = VideoReader.Open(path);
        int frames = cut.Frames().Count();
        Assert.InRange(frames, 5, 19);
    }

    [Fact]
    public void AMissingFileIsNotFound() =>
        Assert.Throws<FileNotFoundException>(() => VideoReader.Open(Path.Combine(TestEnvironment.NewTempDirectory("posetools-missing"), "nothing.mp4")));
}
