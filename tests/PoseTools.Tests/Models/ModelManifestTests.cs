using PoseTools.Models;

namespace PoseTools.Tests.Models;

/// <summary>The manifest is read by hand (for a fast first call): it must read back exactly what install writes, and call anything else corrupt.</summary>
public sealed class ModelManifestTests
{
    private static readonly ModelManifest Written = new(ModelManifest.CurrentFormat, MediaPipePosePackage.Spec, "sha512-DFZs+oPa/H0E==", "1",
        new DateTimeOffset(2026, 12, 1, 6, 59, 33, 785, TimeSpan.FromHours(1)),
        [
            new InstalledModel(PoseModel.Detector, "pose_detection", null, "pose_detection.onnx", 11884837, new string('a', 64), "packed.data[0..2962288] (pose_detection.tflite)", new string('b', 64)),
            new InstalledModel(PoseModel.LandmarkHeavy, "pose_landmark_heavy", ModelComplexity.Heavy, "pose_landmark_heavy.onnx", 55, new string('c', 64), "pose_landmark_heavy.tflite", new string('d', 64)),
        ]);

    private static string Folder(string json)
    {
        var folder = TestEnvironment.NewTempDirectory("posetools-manifest");
        File.WriteAllText(Path.Combine(folder, ModelManifest.FileName), json);
        return folder;
    }

    [Fact]
    public void ReadsBackWhatItWrites()
    {
        var read = ModelManifest.TryRead(Folder(Written.ToJson()))!;
        Assert.Equal(Written with { Models = [] }, read with { Models = [] });
        Assert.Equal(Written.Models, read.Models);
        Assert.Equal(Written.InstalledAt.Offset, read.InstalledAt.Offset);
    }

    [Theory]
    [InlineData("truncated", null, null)]
    [InlineData("a string where a number belongs", "\"size\": 55", "\"size\": \"55\"")]
    [InlineData("null where text belongs", "\"name\": \"pose_detection\"", "\"name\": null")]
    [InlineData("an unknown model", "\"model\": \"LandmarkHeavy\"", "\"model\": \"LandmarkGiant\"")]
    [InlineData("a missing field", "\"sha256\": \"" + "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc" + "\",", "")]
    [InlineData("a bad date", "\"installedAt\": \"2026-12-01", "\"installedAt\": \"yesterday")]
    public void ADamagedManifestIsCorruptNotAnUnexpectedError(string damage, string? find, string? replace)
    {
        string json = Written.ToJson();
        Assert.True(find is null || json.Contains(find), $"the written manifest has no {find}");
        json = find is null ? json[..(json.Length / 2)] : json.Replace(find, replace);
        string folder = Folder(json);
        var e = Assert.Throws<ModelCorruptException>(() => ModelManifest.TryRead(folder));
        Assert.True(e.Message.Contains("is unreadable") && e.Message.Contains(folder), $"{damage}: {e.Message}");
    }

    [Fact]
    public void NoManifestIsNull() => Assert.Null(ModelManifest.TryRead(TestEnvironment.NewTempDirectory("posetools-manifest")));
}
