using OpenCvSharp;
using PoseTools.Imaging;
using Xunit.Abstractions;

namespace PoseTools.Tests.Inference;

/// <summary>Bad files: each a clear, typed error that names the file; the estimator stays usable.</summary>
public sealed class BadInputTests(ITestOutputHelper output)
{
    private static string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(TestEnvironment.NewTempDirectory("posetools-bad"), name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static TheoryData<string, InvalidImageReason> Cases() => new()
    {
        { "empty", InvalidImageReason.Empty },
        { "text", InvalidImageReason.UnknownFormat },
        { "truncated", InvalidImageReason.Truncated },
        { "tiny", InvalidImageReason.TooSmall },
        { "bomb", InvalidImageReason.TooLarge },
    };

    private static string Make(string kind)
    {
        var messi = File.ReadAllBytes(TestEnvironment.DataFile("messi5.jpg"));
        switch (kind)
        {
            case "empty": return Write("empty.jpg", []);
            case "text": return Write("notes.jpg", "Dear diary, today I renamed a text file to .jpg.\n"u8.ToArray());
            case "truncated": return Write("cut.jpg", messi[..(messi.Length * 6 / 10)]);
            case "tiny":
                using (var one = new Mat(1, 1, MatType.CV_8UC3, Scalar.All(128))) return Write("one-pixel.png", one.ImEncode(".png"));
            default:
                // A well-formed PNG header declaring 20000×20000 pixels (1.2 GB decoded) and nothing else.
                using (var small = new Mat(8, 8, MatType.CV_8UC3, Scalar.All(0)))
                {
                    var png = small.ImEncode(".png");
                    png[16] = 0; png[17] = 0; png[18] = 0x4E; png[19] = 0x20;   // width 20000
                    png[20] = 0; png[21] = 0; png[22] = 0x4E; png[23] = 0x20;   // height 20000
                    return Write("bomb.png", png);
                }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadFileIsATypedErrorNamingTheFileAndTheEstimatorCarriesOn(string kind, InvalidImageReason reason)
    {
        var estimator = TestEstimators.For(1);
        string path = Make(kind);
        var started = DateTime.UtcNow;
        var e = Assert.Throws<InvalidImageException>(() => estimator.Estimate(path));
        output.WriteLine(e.Message);
        Assert.Equal(reason, e.Reason);
        Assert.Equal(path, e.ImageSource);
        Assert.Contains(Path.GetFileName(path), e.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), "refused without hanging (a generous bound: a busy CI machine is slow, a hang is endless)");
        Assert.Single(estimator.Estimate(TestEnvironment.DataFile("messi5.jpg")).Poses);
    }

    [Fact]
    public void MissingFileIsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => TestEstimators.For(1).Estimate("/no/such/photo.jpg"));
    }
}
