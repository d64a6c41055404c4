using System.Runtime.CompilerServices;
using PoseTools.Geometry;

namespace PoseTools.Inference;

/// <summary>A landmark as the model reports it, before naming: normalised x, y, z and probabilities.</summary>
public readonly record struct RawLandmark(float X, float Y, float Z, float Visibility, float Presence);

/// <summary>
/// Turns the landmark model's tensors into image-space landmarks, following MediaPipe's
/// tensors_to_pose_landmarks_and_segmentation and inverse-projection graphs:
/// 39 × (x, y, z, visibility, presence) over a 256² crop with sigmoid on the last two; x and y refined by the
/// 64×64 heatmaps (7×7 window, where its peak confidence is ≥ 0.5); letterbox removed; rotated and scaled back
/// through the region; world landmarks rotated by the region's angle.
/// </summary>
public static class LandmarkDecoder
{
    /// <summary>Landmarks the model outputs: 33 body landmarks, 2 auxiliary ones, and 4 unused.</summary>
    public const int LandmarkCount = 39;
    /// <summary>The body landmarks: the first 33.</summary>
    public const int BodyLandmarkCount = 33;
    /// <summary>The side of the model's input crop: 256.</summary>
    public const int InputSize = 256;

    /// <summary>The auxiliary landmarks after the 33 body ones: body centre and scale point (the region's alignment points).</summary>
    public const int BodyCenter = 33, ScalePoint = 34, AuxiliaryCount = 2;
    private const int HeatmapKernel = 7;
    private const float MinConfidenceToRefine = 0.5f;

    /// <summary>The logistic function (visibility and presence come as logits).</summary>
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>Landmarks in the crop's normalised space (before projection).</summary>
    public static RawLandmark[] DecodeInCrop(ReadOnlySpan<float> landmarks, ReadOnlySpan<float> heatmap, int heatmapSize)
    {
        var result = new RawLandmark[LandmarkCount];
        for (int i = 0; i < LandmarkCount; i++)
        {
            var v = landmarks.Slice(5 * i, 5);
            result[i] = new RawLandmark(v[0] / InputSize, v[1] / InputSize, v[2] / InputSize, Sigmoid(v[3]), Sigmoid(v[4]));
        }
        RefineFromHeatmap(result, heatmap, heatmapSize, heatmapSize, LandmarkCount);
        return result;
    }

    /// <summary>
    /// The confidence-weighted mean position of a 7×7 heatmap window around each landmark. The window centre is the
    /// truncated heatmap cell of the landmark, and rows are not range-checked — both exactly as MediaPipe does, so
    /// that results match it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RefineFromHeatmap(RawLandmark[] landmarks, ReadOnlySpan<float> heatmap, int width, int height, int channels)
    {
        int offset = (HeatmapKernel - 1) / 2;
        for (int l = 0; l < landmarks.Length; l++)
        {
            int centerCol = (int)(landmarks[l].X * width), centerRow = (int)(landmarks[l].Y * height);
            if (centerCol < 0 || centerCol >= width || centerRow < 0) continue;
            int beginCol = Math.Max(0, centerCol - offset), endCol = Math.Min(width, centerCol + offset + 1);
            int beginRow = Math.Max(0, centerRow - offset), endRow = Math.Min(height, centerRow + offset + 1);
            float sum = 0, weightedCol = 0, weightedRow = 0, maxConfidence = 0;
            for (int row = beginRow; row < endRow; row++)
                for (int col = beginCol; col < endCol; col++)
                {
                    float confidence = Sigmoid(heatmap[(row * width + col) * channels + l]);
                    sum += confidence;
                    maxConfidence = MathF.Max(maxConfidence, confidence);
                    weightedCol += col * confidence;
                    weightedRow += row * confidence;
                }
            if (maxConfidence >= MinConfidenceToRefine && sum > 0)
                landmarks[l] = landmarks[l] with { X = weightedCol / width / sum, Y = weightedRow / height / sum };
        }
    }

    /// <summary>Crop space → image space: letterbox removed, then rotated and scaled through the region (z scales like x).</summary>
    public static RawLandmark Project(RawLandmark l, RegionOfInterest roi, LetterboxPadding padding)
    {
        var unpadded = padding.Remove(new NormalizedPoint(l.X, l.Y));
        float x = unpadded.X - 0.5f, y = unpadded.Y - 0.5f;
        float c = MathF.Cos(roi.Rotation), s = MathF.Sin(roi.Rotation);
        return l with
        {
            X = (c * x - s * y) * roi.Width + roi.CenterX,
            Y = (s * x + c * y) * roi.Height + roi.CenterY,
            Z = l.Z * roi.Width,
        };
    }

    /// <summary>World landmarks (metres, hip-centred): the first 33 of 39, rotated by the region's angle.</summary>
    public static (float X, float Y, float Z)[] DecodeWorld(ReadOnlySpan<float> world, float rotation)
    {
        float c = MathF.Cos(rotation), s = MathF.Sin(rotation);
        var result = new (float, float, float)[BodyLandmarkCount];
        for (int i = 0; i < BodyLandmarkCount; i++)
        {
            float x = world[3 * i], y = world[3 * i + 1], z = world[3 * i + 2];
            result[i] = (c * x - s * y, s * x + c * y, z);
        }
        return result;
    }
}
