using PoseTools.Geometry;

namespace PoseTools.Inference;

/// <summary>
/// The SSD anchor grid the detector regresses against, generated as MediaPipe's SsdAnchorsCalculator does with
/// the pose detector's options: 224×224 input, strides 8/16/32/32/32, one aspect ratio plus the interpolated
/// scale, anchor offset 0.5, fixed anchor size — so only the centres matter (2254 of them).
/// </summary>
public static class SsdAnchors
{
    /// <summary>The detector's input side the anchors are laid out for: 224.</summary>
    public const int InputSize = 224;
    private static readonly int[] Strides = [8, 16, 32, 32, 32];
    private const int AnchorsPerLayer = 2; // aspect ratio 1.0 and the interpolated scale

    /// <summary>Anchor centres (x, y) in the detector's normalised input space, in the model's output order.</summary>
    public static IReadOnlyList<NormalizedPoint> PoseDetector { get; } = Generate();

    private static NormalizedPoint[] Generate()
    {
        var anchors = new List<NormalizedPoint>();
        for (int layer = 0; layer < Strides.Length;)
        {
            // Consecutive layers with the same stride share one feature map.
            int sameStride = layer;
            while (sameStride < Strides.Length && Strides[sameStride] == Strides[layer]) sameStride++;
            int perCell = AnchorsPerLayer * (sameStride - layer);
            int size = (int)Math.Ceiling((double)InputSize / Strides[layer]);
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                    for (int a = 0; a < perCell; a++)
                        anchors.Add(new NormalizedPoint((x + 0.5f) / size, (y + 0.5f) / size));
            layer = sameStride;
        }
        return anchors.ToArray();
    }
}
