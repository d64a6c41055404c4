namespace PoseTools.Models;

/// <summary>The four official BlazePose networks PoseTools runs.</summary>
public enum PoseModel
{
    /// <summary>The person detector (pose_detection), shared by all complexities.</summary>
    Detector,
    /// <summary>The lite landmark model (pose_landmark_lite, ModelComplexity.Lite).</summary>
    LandmarkLite,
    /// <summary>The full landmark model (pose_landmark_full, ModelComplexity.Full).</summary>
    LandmarkFull,
    /// <summary>The heavy landmark model (pose_landmark_heavy, ModelComplexity.Heavy).</summary>
    LandmarkHeavy,
}

/// <summary>Names, files and complexities of the four models.</summary>
public static class PoseModelNames
{
    /// <summary>The four models: detector, lite, full, heavy.</summary>
    public static IReadOnlyList<PoseModel> All { get; } = [PoseModel.Detector, PoseModel.LandmarkLite, PoseModel.LandmarkFull, PoseModel.LandmarkHeavy];

    /// <summary>MediaPipe's name for the network, e.g. <c>pose_landmark_full</c>.</summary>
    public static string Name(this PoseModel model) => model switch
    {
        PoseModel.Detector => "pose_detection",
        PoseModel.LandmarkLite => "pose_landmark_lite",
        PoseModel.LandmarkFull => "pose_landmark_full",
        PoseModel.LandmarkHeavy => "pose_landmark_heavy",
        _ => throw new ArgumentOutOfRangeException(nameof(model)),
    };

    /// <summary>The converted model's file name in the model folder, e.g. <c>pose_landmark_full.onnx</c>.</summary>
    public static string OnnxFileName(this PoseModel model) => model.Name() + ".onnx";

    /// <summary>The complexity a landmark model serves; null for the detector.</summary>
    public static ModelComplexity? Complexity(this PoseModel model) => model switch
    {
        PoseModel.LandmarkLite => ModelComplexity.Lite,
        PoseModel.LandmarkFull => ModelComplexity.Full,
        PoseModel.LandmarkHeavy => ModelComplexity.Heavy,
        _ => null,
    };

    /// <summary>The landmark model of a complexity.</summary>
    public static PoseModel LandmarkModel(this ModelComplexity complexity) => complexity switch
    {
        ModelComplexity.Lite => PoseModel.LandmarkLite,
        ModelComplexity.Full => PoseModel.LandmarkFull,
        ModelComplexity.Heavy => PoseModel.LandmarkHeavy,
        _ => throw new ArgumentOutOfRangeException(nameof(complexity), complexity, "model complexity must be Lite (0), Full (1) or Heavy (2)"),
    };
}
