using PoseTools.Geometry;

namespace PoseTools.Inference;

/// <summary>
/// Multi-person detection. The detector sees the whole image at 224×224, where people much smaller than the frame
/// vanish; looking again at overlapping tiles finds them. Detections of one person from several looks are then
/// merged by where their bodies are (the detector's face boxes are not usable for that: in this model they have
/// a constant size, so neighbours' boxes overlap).
/// </summary>
public static class TiledDetection
{
    /// <summary>How much neighbouring tiles overlap, as a share of a tile.</summary>
    public const float TileOverlap = 0.25f;

    /// <summary>A grid×grid set of overlapping, axis-aligned tiles covering the image.</summary>
    public static IReadOnlyList<PixelRegion> Tiles(int width, int height, int grid, float overlap = TileOverlap)
    {
        var tiles = new List<PixelRegion>();
        if (grid < 2) return tiles;
        float tileWidth = width / (grid - (grid - 1) * overlap), tileHeight = height / (grid - (grid - 1) * overlap);
        for (int gy = 0; gy < grid; gy++)
            for (int gx = 0; gx < grid; gx++)
            {
                float x0 = gx * tileWidth * (1 - overlap), y0 = gy * tileHeight * (1 - overlap);
                tiles.Add(new PixelRegion(x0 + tileWidth / 2, y0 + tileHeight / 2, tileWidth, tileHeight, 0));
            }
        return tiles;
    }

    /// <summary>
    /// Keeps the best detection of each person: two detections are one person when their hip centres are closer than
    /// <paramref name="maxDistance"/> × the smaller of their body sizes (twice the hip → scale-point distance).
    /// </summary>
    public static List<Detection> MergeSamePerson(IEnumerable<Detection> detections, int width, int height, float maxDistance = 0.3f)
    {
        var kept = new List<Detection>();
        foreach (var d in detections.OrderByDescending(d => d.Score))
            if (kept.All(k => HipDistance(d, k, width, height) >= maxDistance * Math.Min(BodySize(d, width, height), BodySize(k, width, height))))
                kept.Add(d);
        return kept;
    }

    /// <summary>A detection's body size in pixels: twice the distance from the hip centre to the scale point.</summary>
    public static float BodySize(Detection d, int width, int height)
    {
        float dx = (d.Keypoints[1].X - d.Keypoints[0].X) * width, dy = (d.Keypoints[1].Y - d.Keypoints[0].Y) * height;
        return 2 * MathF.Sqrt(dx * dx + dy * dy);
    }

    private static float HipDistance(Detection a, Detection b, int width, int height)
    {
        float dx = (a.Keypoints[0].X - b.Keypoints[0].X) * width, dy = (a.Keypoints[0].Y - b.Keypoints[0].Y) * height;
        return MathF.Sqrt(dx * dx + dy * dy);
    }
}
