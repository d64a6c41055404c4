using PoseTools.Imaging;
using PoseTools.Models;

namespace PoseTools.Inference;

/// <summary>How a <see cref="PoseEstimator"/> runs. The defaults are MediaPipe Pose's.</summary>
public sealed record PoseEstimatorOptions
{
    /// <summary>Landmark model size (Lite/Full/Heavy = 0/1/2).</summary>
    public ModelComplexity ModelComplexity { get; init; } = ModelComplexity.Full;

    /// <summary>Detections scoring below this are ignored (MediaPipe's min_detection_confidence).</summary>
    public float MinDetectionConfidence { get; init; } = 0.5f;

    /// <summary>Regions whose pose presence is below this yield no pose (MediaPipe's min_tracking_confidence).</summary>
    public float MinPresenceConfidence { get; init; } = 0.5f;

    /// <summary>How many people to look for; 1 is MediaPipe's single-person pipeline, more runs one region per detection.</summary>
    public int MaxPoses { get; init; } = 1;

    /// <summary>
    /// With several poses, the detector also looks at overlapping tiles, which finds people too small to detect in the
    /// whole frame. 0 = automatic: for photos, tiles sized to the image (264, 528 … pixels, so that a person 100 pixels
    /// tall is found anywhere); for a video's newcomer search, a 2×2 grid (image-sized tiles start false tracks);
    /// 1 = never; 2–4 = one fixed grid of that many tiles a side, for both. Ignored with one pose.
    /// </summary>
    public int DetectionTiles { get; init; }

    /// <summary>Also produce each person's segmentation mask (costs the segmentation head: ~9 ms with Full).</summary>
    public bool Segmentation { get; init; }

    /// <summary>
    /// Threads one inference may use (0 = one per core; for a video file, whose frames a thread of their own decodes,
    /// all cores but one). Use 1 when running several images in parallel.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>Model cache folder (null = <see cref="ModelStore.DefaultDirectory"/>).</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>Size limits for decoded images.</summary>
    public ImageDecodeLimits DecodeLimits { get; init; } = ImageDecodeLimits.Default;

    /// <summary>
    /// Opt-in speed for phone photos: decode large JPEGs (longer side over 2048 pixels) at 1/2, 1/4 or 1/8 of their
    /// size, as long as every person keeps at least the 256 pixels across that the landmark model samples: decoding
    /// about twice as fast (10–16 MP: 22–31 → 14–19 ms here). Landmarks then differ from a full decode by 0.65 % of
    /// the person's size in the median photo, up to 4 %: the models see a differently sampled image (a full decode
    /// moves them 0.35–0.78 % when the same photo is merely saved again or enlarged by 0.2 %). Accuracy against
    /// ground truth is unchanged within noise (bench accuracy). False (default) decodes in full, as MediaPipe.
    /// </summary>
    public bool ReducedDecoding { get; init; }

    /// <summary>Two poses whose landmarks lie closer than this (mean distance over the larger box side) are one person.</summary>
    public float DuplicatePoseDistance { get; init; } = 0.1f;

    /// <summary>A pose whose box lies at least this share inside a better pose's box is a part of that person, and dropped.</summary>
    public float NestedPoseShare { get; init; } = 0.8f;

    internal void Validate()
    {
        if (!Enum.IsDefined(ModelComplexity)) throw new ArgumentOutOfRangeException(nameof(ModelComplexity), ModelComplexity, "model complexity must be Lite (0), Full (1) or Heavy (2)");
        if (MinDetectionConfidence is < 0 or > 1 || float.IsNaN(MinDetectionConfidence)) throw new ArgumentOutOfRangeException(nameof(MinDetectionConfidence), MinDetectionConfidence, "must be between 0 and 1");
        if (MinPresenceConfidence is < 0 or > 1 || float.IsNaN(MinPresenceConfidence)) throw new ArgumentOutOfRangeException(nameof(MinPresenceConfidence), MinPresenceConfidence, "must be between 0 and 1");
        if (MaxPoses is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(MaxPoses), MaxPoses, "must be between 1 and 100");
        if (DetectionTiles is < 0 or > 4) throw new ArgumentOutOfRangeException(nameof(DetectionTiles), DetectionTiles, "must be 0 (automatic) to 4");
        if (NestedPoseShare is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(NestedPoseShare), NestedPoseShare, "must be above 0 and at most 1");
        if (Threads < 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "must be 0 (automatic) or more");
    }
}
