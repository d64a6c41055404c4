using System.Globalization;
using System.Text.Json;
using PoseTools.Export;
using PoseTools.Results;

namespace PoseTools.Tests.Export;

public sealed class ExportTests
{
    private static IReadOnlyList<PoseResult> Results() =>
    [
        TestEstimators.Result(1, "messi5.jpg"),
        TestEstimators.Result(1, "no-person-fruits.jpg"),
        TestEstimators.Result(1, "000000040083.jpg", maxPoses: 10),
    ];

    [Fact]
    public void JsonFollowsTheDocumentedSchemaAndMatchesTheObjects()
    {
        var results = Results();
        using var doc = JsonDocument.Parse(PoseJsonWriter.ToJson(results));
        var images = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(results.Count, images.Count);
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            var j = images[i];
            Assert.Equal(r.Source, j.GetProperty("source").GetString());
            Assert.Equal(r.Width, j.GetProperty("width").GetInt32());
            Assert.Equal(1, j.GetProperty("modelComplexity").GetInt32());
            Assert.False(j.TryGetProperty("frameIndex", out _));
            var poses = j.GetProperty("poses").EnumerateArray().ToList();
            Assert.Equal(r.Poses.Count, poses.Count);
            for (int p = 0; p < poses.Count; p++)
            {
                var landmarks = poses[p].GetProperty("landmarks").EnumerateArray().ToList();
                Assert.Equal(33, landmarks.Count);
                Assert.Equal(33, poses[p].GetProperty("worldLandmarks").GetArrayLength());
                Assert.Equal("RightFootIndex", landmarks[32].GetProperty("name").GetString());
                Assert.Equal(r.Poses[p].Landmarks.LeftKnee.X, landmarks[25].GetProperty("x").GetSingle());
                Assert.Equal(r.Poses[p].BodyBox.Width, poses[p].GetProperty("box").GetProperty("width").GetSingle());
                Assert.Equal(r.Poses[p].Presence, poses[p].GetProperty("score").GetSingle());
            }
        }
    }

    [Fact]
    public void CsvHasOneRowPerLandmarkAndRoundTripsTheNumbers()
    {
        var results = Results();
        using var text = new StringWriter();
        using (var csv = new PoseCsvWriter(text, leaveOpen: true))
            foreach (var r in results) csv.Write(r);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(PoseCsvWriter.Header, lines[0]);
        Assert.Equal(results.Sum(r => r.Poses.Count) * 33, lines.Count - 1);
        var first = lines[1].Split(',');
        Assert.Equal("Nose", first[6]);
        Assert.Equal(results[0].Poses[0].Landmarks.Nose.PixelX, float.Parse(first[12], CultureInfo.InvariantCulture));
        Assert.Equal("\"a,b.jpg\"", PoseCsvWriter.Quote("a,b.jpg"));
    }

    [Fact]
    public void CocoFileMapsSeventeenKeypointsInPixels()
    {
        var results = Results();
        using var buffer = new MemoryStream();
        CocoKeypointsWriter.Write(buffer, results);
        using var doc = JsonDocument.Parse(buffer.ToArray());
        Assert.Equal(3, doc.RootElement.GetProperty("images").GetArrayLength());
        var annotations = doc.RootElement.GetProperty("annotations").EnumerateArray().ToList();
        Assert.Equal(results.Sum(r => r.Poses.Count), annotations.Count);
        var keypoints = annotations[0].GetProperty("keypoints").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(51, keypoints.Length);
        var knee = results[0].Poses[0].Landmarks.LeftKnee;
        Assert.Equal(knee.PixelX, keypoints[13 * 3], 1);
        Assert.Equal(knee.PixelY, keypoints[13 * 3 + 1], 1);
        var category = doc.RootElement.GetProperty("categories")[0];
        Assert.Equal(17, category.GetProperty("keypoints").GetArrayLength());
        Assert.Equal("left_knee", category.GetProperty("keypoints")[13].GetString());
    }
}
