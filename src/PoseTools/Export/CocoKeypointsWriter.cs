using System.Text.Json;
using PoseTools.Results;

namespace PoseTools.Export;

/// <summary>
/// Writes results as a COCO keypoints file: "images", "annotations" (17 keypoints mapped from BlazePose's 33, in
/// pixels, with v = 2 for visible (visibility ≥ threshold) and 1 otherwise, plus score, bbox and area) and the person
/// "categories" entry with COCO's keypoint names and skeleton — loadable by pycocotools and COCO tools.
/// </summary>
public static class CocoKeypointsWriter
{
    // COCO's person skeleton (1-based keypoint indices).
    private static readonly int[][] Skeleton =
    [
        [16, 14], [14, 12], [17, 15], [15, 13], [12, 13], [6, 12], [7, 13], [6, 7], [6, 8], [7, 9],
        [8, 10], [9, 11], [2, 3], [1, 2], [1, 3], [2, 4], [3, 5], [4, 6], [5, 7],
    ];

    /// <summary>Writes the results as one COCO keypoints file; a landmark is marked visible (v = 2) at or above <paramref name="visibilityThreshold"/>.</summary>
    public static void Write(Stream stream, IEnumerable<PoseResult> results, float visibilityThreshold = 0.5f)
    {
        using var j = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        var list = results.ToList();
        j.WriteStartObject();
        j.WriteStartArray("images");
        for (int i = 0; i < list.Count; i++)
        {
            j.WriteStartObject();
            j.WriteNumber("id", i + 1);
            j.WriteString("file_name", list[i].Source);
            j.WriteNumber("width", list[i].Width);
            j.WriteNumber("height", list[i].Height);
            if (list[i].FrameIndex is { } frame) j.WriteNumber("frame_index", frame);
            j.WriteEndObject();
        }
        j.WriteEndArray();

        j.WriteStartArray("annotations");
        int id = 1;
        for (int i = 0; i < list.Count; i++)
            foreach (var pose in list[i].Poses)
            {
                var r = list[i];
                j.WriteStartObject();
                j.WriteNumber("id", id++);
                j.WriteNumber("image_id", i + 1);
                j.WriteNumber("category_id", 1);
                if (pose.PersonId is { } person) j.WriteNumber("track_id", person);
                j.WriteStartArray("keypoints");
                int visible = 0;
                foreach (var name in PoseSkeleton.CocoKeypoints)
                {
                    var l = pose.Landmarks[name];
                    j.WriteNumberValue(Math.Round(l.PixelX, 2));
                    j.WriteNumberValue(Math.Round(l.PixelY, 2));
                    int v = l.Visibility >= visibilityThreshold ? 2 : 1;
                    if (v == 2) visible++;
                    j.WriteNumberValue(v);
                }
                j.WriteEndArray();
                j.WriteNumber("num_keypoints", visible);
                j.WriteNumber("score", pose.Presence);
                double bx = pose.BodyBox.X * r.Width, by = pose.BodyBox.Y * r.Height, bw = pose.BodyBox.Width * r.Width, bh = pose.BodyBox.Height * r.Height;
                j.WriteStartArray("bbox");
                foreach (var v in new[] { bx, by, bw, bh }) j.WriteNumberValue(Math.Round(v, 2));
                j.WriteEndArray();
                j.WriteNumber("area", Math.Round(bw * bh, 2));
                j.WriteNumber("iscrowd", 0);
                j.WriteEndObject();
            }
        j.WriteEndArray();

        j.WriteStartArray("categories");
        j.WriteStartObject();
        j.WriteNumber("id", 1);
        j.WriteString("name", "person");
        j.WriteString("supercategory", "person");
        j.WriteStartArray("keypoints");
        foreach (var n in PoseSkeleton.CocoKeypointNames) j.WriteStringValue(n);
        j.WriteEndArray();
        j.WriteStartArray("skeleton");
        foreach (var bone in Skeleton)
        {
            j.WriteStartArray();
            j.WriteNumberValue(bone[0]);
            j.WriteNumberValue(bone[1]);
            j.WriteEndArray();
        }
        j.WriteEndArray();
        j.WriteEndObject();
        j.WriteEndArray();
        j.WriteEndObject();
    }
}
