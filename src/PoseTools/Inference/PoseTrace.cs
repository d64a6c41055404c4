using PoseTools.Geometry;

namespace PoseTools.Inference;

/// <summary>
/// Optional record of every intermediate result of one image — what the notebooks use to show how BlazePose works.
/// Pass one to <see cref="PoseEstimator.Estimate(OpenCvSharp.Mat, string, PoseTrace?)"/>; nothing is kept otherwise.
/// </summary>
public sealed class PoseTrace
{
    /// <summary>The detector's 224×224 RGB input in [-1, 1] (NHWC).</summary>
    public float[]? DetectorInput { get; internal set; }

    /// <summary>Letterbox bands of the detector input, as fractions of 224.</summary>
    public LetterboxPadding DetectorPadding { get; internal set; }

    /// <summary>Every anchor's decoded detection above the score threshold, before suppression, in the letterboxed 224² space.</summary>
    public IReadOnlyList<Detection> Candidates { get; internal set; } = [];

    /// <summary>The detections after weighted non-maximum suppression, in image space.</summary>
    public IReadOnlyList<Detection> Detections { get; internal set; } = [];

    /// <summary>One entry per region the landmark model ran on.</summary>
    public List<LandmarkTrace> Regions { get; } = [];
}

/// <summary>The landmark stage for one region.</summary>
public sealed record LandmarkTrace(
    RegionOfInterest Region,
    float[] Input,
    float[] Heatmap,
    RawLandmark[] LandmarksInCrop,
    float Presence,
    float[]? SegmentationLogits);
