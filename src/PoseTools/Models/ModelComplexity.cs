namespace PoseTools.Models;

/// <summary>BlazePose landmark model size, as MediaPipe's <c>model_complexity</c> option (0, 1, 2).</summary>
public enum ModelComplexity
{
    /// <summary>pose_landmark_lite: fastest, least accurate.</summary>
    Lite = 0,
    /// <summary>pose_landmark_full: MediaPipe's default.</summary>
    Full = 1,
    /// <summary>pose_landmark_heavy: most accurate, about 3× slower than Full.</summary>
    Heavy = 2,
}
