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

/// <summary>Model complexities as people write them: lite / full / heavy, or MediaPipe's 0 / 1 / 2.</summary>
public static class ModelComplexityNames
{
    /// <summary>Parses "lite", "full", "heavy" (any case) or "0", "1", "2".</summary>
    public static bool TryParse(string? text, out ModelComplexity complexity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "0" or "lite": complexity = ModelComplexity.Lite; return true;
            case "1" or "full": complexity = ModelComplexity.Full; return true;
            case "2" or "heavy": complexity = ModelComplexity.Heavy; return true;
            default: complexity = default; return false;
        }
    }
}
