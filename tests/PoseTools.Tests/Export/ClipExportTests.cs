using System.Text;
using PoseTools.Export;
using PoseTools.Results;

namespace PoseTools.Tests.Export;

/// <summary>
/// Every shared clip, tracked, exported to JSON, CSV and COCO, read back and checked against the documented formats.
/// A tracked pose once carried a NaN detection score, which made every JSON export of a video fail.
/// </summary>
public sealed class ClipExportTests
{
    public static TheoryData<string> Clips() => new(Video.VideoTruth.All.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Clips))]
    public void EveryClipExportsToAllThreeFormats(string clip)
    {
        var results = TestEstimators.Video(clip);
        var poses = results.SelectMany(r => r.Poses).ToList();
        Assert.NotEmpty(poses);
        // a tracked pose reports the detection that started its track: a real score, above the detection threshold
        Assert.All(poses, p => Assert.InRange(p.DetectionScore, 0.5f, 1f));
        // it changes only where the person was detected again (lost and found), never from frame to frame
        int changes = results.Zip(results.Skip(1)).Count(pair => pair.First.Poses.Count == 1 && pair.Second.Poses.Count == 1
            && pair.First.Poses[0].DetectionScore != pair.Second.Poses[0].DetectionScore);
        Assert.True(changes <= results.Count / 10, $"{changes} changes of the detection score in {results.Count} frames");

        string json = PoseJsonWriter.ToJson(results);
        ResultSchema.ValidateJson(json);
        Assert.Equal(results.Count, System.Text.Json.JsonDocument.Parse(json).RootElement.GetArrayLength());

        var csv = new StringWriter();
        using (var writer = new PoseCsvWriter(csv, leaveOpen: true))
            foreach (var r in results) writer.Write(r);
        Assert.Equal(poses.Count * 33, ResultSchema.ValidateCsv(csv.ToString()));

        using var coco = new MemoryStream();
        CocoKeypointsWriter.Write(coco, results);
        Assert.Equal(poses.Count, ResultSchema.ValidateCoco(Encoding.UTF8.GetString(coco.ToArray())));
    }
}
