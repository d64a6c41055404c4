namespace PoseTools.Models;

/// <summary>The four official BlazePose networks PoseTools runs.</summary>
public enum PoseModel
{
    /// <summary>The person detector (pose_detection), shared by all complexities.</summary>
    Detector,
    LandmarkLite,
    LandmarkFull,
    LandmarkHeavy,
}

public static class PoseModelNames
{
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

    public static string OnnxFileName(this PoseModel model) => model.Name() + ".onnx";

    public static ModelComplexity? Complexity(this PoseModel model) => model switch
    {
        PoseModel.LandmarkLite => ModelComplexity.Lite,
        PoseModel.LandmarkFull => ModelComplexity.Full,
        PoseModel.LandmarkHeavy => ModelComplexity.Heavy,
        _ => null,
    };

    public static PoseModel LandmarkModel(this ModelComplexity complexity) => complexity switch
    {
        ModelComplexity.Lite => PoseModel.LandmarkLite,
        ModelComplexity.Full => PoseModel.LandmarkFull,
        ModelComplexity.Heavy => PoseModel.LandmarkHeavy,
        _ => throw new ArgumentOutOfRangeException(nameof(complexity), complexity, "model complexity must be Lite (0), Full (1) or Heavy (2)"),
    };
}
