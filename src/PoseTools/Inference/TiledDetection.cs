using PoseTools.Geometry;

namespace PoseTools.Inference;

/// <summary>
/// Multi-person detection. The detector sees the whole image at 224×224, where people much smaller than the frame
/// vanish; looking again at overlapping tiles finds them. Tiles adapt to the image: passes of tiles 264, 528, 1056 …
/// pixels wide, up to the frame, so that a person 100 pixels tall fills enough of the detector's input wherever they
/// stand, and a larger person is whole in some coarser tile. Detections of one person from several looks are then
/// merged by where their bodies are (the detector's face boxes are not usable for that: in this model they have a
/// constant size, so neighbours' boxes overlap).
/// </summary>
public static class TiledDetection
{
    /// <summary>How much neighbouring tiles overlap, as a share of a tile (enough that a face is never cut).</summary>
    public const float TileOverlap = 0.25f;

    /// <summary>
    /// The finest tile side. Measured on the shared photos: the detector finds a person whose body spans 84 of its 224
    /// input pixels and misses one at 59; a 264-pixel tile brings a person 100 pixels tall to 85.
    /// </summary>
    public const int FinestTile = 264;

    /// <summary>A grid×grid set of overlapping, axis-aligned tiles covering the image (a fixed grid).</summary>
    public static IReadOnlyList<PixelRegion> Tiles(int width, int height, int grid, float overlap = TileOverlap) =>
        grid < 2 ? [] : Grid(width, height, grid, grid, overlap);

    /// <summary>
    /// The adaptive passes, coarsest first: for each tile side 264 · 2^k smaller than the image's longer side, a grid
    /// of overlapping tiles of about that side covering the image. Empty for an image no larger than one tile.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<PixelRegion>> AdaptivePasses(int width, int height, float overlap = TileOverlap)
    {
        var passes = new List<IReadOnlyList<PixelRegion>>();
        for (float side = FinestTile; side < Math.Max(width, height); side *= 2)
            passes.Add(Grid(width, height, Count(width, side, overlap), Count(height, side, overlap), overlap));
        passes.Reverse();
        return passes;
    }

    // Tiles along one axis so that each is at most `side` long and neighbours overlap by `overlap`.
    private static int Count(int length, float side, float overlap) =>
        length <= side ? 1 : (int)MathF.Ceiling((length - side * overlap) / (side * (1 - overlap)));

    private static List<PixelRegion> Grid(int width, int height, int columns, int rows, float overlap)
    {
        var tiles = new List<PixelRegion>();
        float tileWidth = width / (columns - (columns - 1) * overlap), tileHeight = height / (rows - (rows - 1) * overlap);
        for (int gy = 0; gy < rows; gy++)
            for (int gx = 0; gx < columns; gx++)
            {
                float x0 = gx * tileWidth * (1 - overlap), y0 = gy * tileHeight * (1 - overlap);
                tiles.Add(new PixelRegion(x0 + tileWidth / 2, y0 + tileHeight / 2, tileWidth, tileHeight, 0));
            }
        return tiles;
    }

    /// <summary>
    /// Keeps the best detection of each person: two detections are one person when their hip centres are closer than
    /// <paramref name="maxDistance"/> × the smaller of their body sizes (twice the hip → scale-point distance).
    /// (Preferring the whole frame's detection over a tile's, whatever the scores, lost people on the shared photos.)
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
