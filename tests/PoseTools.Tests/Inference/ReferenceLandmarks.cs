using System.Text.Json;

namespace PoseTools.Tests.Inference;

/// <summary>One image of an mpref result file: the official pipeline's 33 landmarks (null when it found no pose).</summary>
public sealed record ReferenceImage(string File, int Width, int Height, (double X, double Y, double Z, double Visibility)[]? Landmarks,
    (double X, double Y, double Z)[]? World);

/// <summary>Reads the official pipeline's outputs (../shared/reference/landmarks, tests/.../Reference).</summary>
public static class ReferenceLandmarks
{
    public static IReadOnlyList<ReferenceImage> Read(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var images = new List<ReferenceImage>();
        foreach (var image in doc.RootElement.GetProperty("images").EnumerateArray())
        {
            var landmarks = image.TryGetProperty("landmarks", out var l) && l.ValueKind == JsonValueKind.Array
                ? l.EnumerateArray().Select(p => (p.GetProperty("x").GetDouble(), p.GetProperty("y").GetDouble(), p.GetProperty("z").GetDouble(), p.GetProperty("visibility").GetDouble())).ToArray()
                : null;
            var world = image.TryGetProperty("worldLandmarks", out var w) && w.ValueKind == JsonValueKind.Array
                ? w.EnumerateArray().Select(p => (p.GetProperty("x").GetDouble(), p.GetProperty("y").GetDouble(), p.GetProperty("z").GetDouble())).ToArray()
                : null;
            images.Add(new ReferenceImage(image.GetProperty("file").GetString()!, image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32(), landmarks, world));
        }
        return images;
    }

    /// <summary>The frame timestamps (ms) of a video-mode result file.</summary>
    public static IReadOnlyList<long> Timestamps(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("timestamp_ms").GetInt64()).ToList();
    }

    public static string CpuReference(int complexity) => Path.Combine(AppContext.BaseDirectory, "Reference", $"official-cpu-c{complexity}.json");
    public static string SharedReference(int complexity) => TestEnvironment.ReferenceFile("landmarks", $"shared-c{complexity}.json");
}

/// <summary>How far one pose is from a reference pose, relative to the reference person's size.</summary>
public sealed record LandmarkDeviation(double Mean, double MaxVisible, double Visibility, double WorldMean)
{
    public static LandmarkDeviation Between(Results.Pose pose, ReferenceImage reference)
    {
        var r = reference.Landmarks!;
        double w = reference.Width, h = reference.Height;
        double size = Math.Max(r.Max(p => p.X * w) - r.Min(p => p.X * w), r.Max(p => p.Y * h) - r.Min(p => p.Y * h));
        double sum = 0, maxVisible = 0, visibility = 0, world = 0;
        for (int i = 0; i < r.Length; i++)
        {
            var l = pose.Landmarks[i];
            double d = Math.Sqrt(Math.Pow((l.X - r[i].X) * w, 2) + Math.Pow((l.Y - r[i].Y) * h, 2)) / size;
            sum += d;
            if (r[i].Visibility > 0.5) maxVisible = Math.Max(maxVisible, d);
            visibility = Math.Max(visibility, Math.Abs(l.Visibility - r[i].Visibility));
            if (reference.World is { } rw)
            {
                var p = pose.WorldLandmarks[i];
                world += Math.Sqrt(Math.Pow(p.X - rw[i].X, 2) + Math.Pow(p.Y - rw[i].Y, 2) + Math.Pow(p.Z - rw[i].Z, 2));
            }
        }
        return new LandmarkDeviation(sum / r.Length, maxVisible, visibility, world / r.Length);
    }

    public override string ToString() => $"mean {Mean:P2}  max visible {MaxVisible:P2}  visibility {Visibility:F3}  world {WorldMean * 1000:F1} mm";
}
