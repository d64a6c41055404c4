using System.Diagnostics;

namespace PoseTools.Inference;

/// <summary>Accumulates the time one image spends in each pipeline stage.</summary>
public sealed class StageTimer
{
    private long _decode, _detect, _crop, _landmark, _post;

    /// <summary>The stages: decoding, person detection, the region crop, the landmark model, and assembling the poses
    /// (decoding the model's output into records, smoothing, duplicate removal).</summary>
    public enum Stage
    {
        /// <summary>Decoding the image.</summary>
        Decode,
        /// <summary>Person detection (letterbox, detector model, anchors, suppression).</summary>
        Detect,
        /// <summary>Cropping each region for the landmark model.</summary>
        Crop,
        /// <summary>The landmark model and its decoding.</summary>
        Landmark,
        /// <summary>Building the poses: records, smoothing, duplicate removal.</summary>
        Assemble,
    }

    /// <summary>Adds the time since <paramref name="startTimestamp"/> to a stage and returns the current timestamp.</summary>
    public long Lap(Stage stage, long startTimestamp)
    {
        long now = Stopwatch.GetTimestamp();
        long elapsed = now - startTimestamp;
        switch (stage)
        {
            case Stage.Decode: _decode += elapsed; break;
            case Stage.Detect: _detect += elapsed; break;
            case Stage.Crop: _crop += elapsed; break;
            case Stage.Landmark: _landmark += elapsed; break;
            default: _post += elapsed; break;
        }
        return now;
    }

    /// <summary>The times so far, in milliseconds.</summary>
    public Results.PoseTimings ToTimings()
    {
        static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        return new Results.PoseTimings(Ms(_decode), Ms(_detect), Ms(_crop), Ms(_landmark), Ms(_post));
    }
}
