namespace PoseTools.Results;

/// <summary>The 33 BlazePose landmarks, in MediaPipe's order and with its names.</summary>
public enum PoseLandmark
{
    Nose = 0,
    LeftEyeInner = 1,
    LeftEye = 2,
    LeftEyeOuter = 3,
    RightEyeInner = 4,
    RightEye = 5,
    RightEyeOuter = 6,
    LeftEar = 7,
    RightEar = 8,
    MouthLeft = 9,
    MouthRight = 10,
    LeftShoulder = 11,
    RightShoulder = 12,
    LeftElbow = 13,
    RightElbow = 14,
    LeftWrist = 15,
    RightWrist = 16,
    LeftPinky = 17,
    RightPinky = 18,
    LeftIndex = 19,
    RightIndex = 20,
    LeftThumb = 21,
    RightThumb = 22,
    LeftHip = 23,
    RightHip = 24,
    LeftKnee = 25,
    RightKnee = 26,
    LeftAnkle = 27,
    RightAnkle = 28,
    LeftHeel = 29,
    RightHeel = 30,
    LeftFootIndex = 31,
    RightFootIndex = 32,
}

/// <summary>The bones MediaPipe draws between landmarks (its POSE_CONNECTIONS), and the 33 names.</summary>
public static class PoseSkeleton
{
    public const int LandmarkCount = 33;

    public static IReadOnlyList<(PoseLandmark From, PoseLandmark To)> Connections { get; } =
    [
        (PoseLandmark.Nose, PoseLandmark.LeftEyeInner), (PoseLandmark.LeftEyeInner, PoseLandmark.LeftEye),
        (PoseLandmark.LeftEye, PoseLandmark.LeftEyeOuter), (PoseLandmark.LeftEyeOuter, PoseLandmark.LeftEar),
        (PoseLandmark.Nose, PoseLandmark.RightEyeInner), (PoseLandmark.RightEyeInner, PoseLandmark.RightEye),
        (PoseLandmark.RightEye, PoseLandmark.RightEyeOuter), (PoseLandmark.RightEyeOuter, PoseLandmark.RightEar),
        (PoseLandmark.MouthLeft, PoseLandmark.MouthRight),
        (PoseLandmark.LeftShoulder, PoseLandmark.RightShoulder),
        (PoseLandmark.LeftShoulder, PoseLandmark.LeftElbow), (PoseLandmark.LeftElbow, PoseLandmark.LeftWrist),
        (PoseLandmark.LeftWrist, PoseLandmark.LeftPinky), (PoseLandmark.LeftWrist, PoseLandmark.LeftIndex),
        (PoseLandmark.LeftWrist, PoseLandmark.LeftThumb), (PoseLandmark.LeftPinky, PoseLandmark.LeftIndex),
        (PoseLandmark.RightShoulder, PoseLandmark.RightElbow), (PoseLandmark.RightElbow, PoseLandmark.RightWrist),
        (PoseLandmark.RightWrist, PoseLandmark.RightPinky), (PoseLandmark.RightWrist, PoseLandmark.RightIndex),
        (PoseLandmark.RightWrist, PoseLandmark.RightThumb), (PoseLandmark.RightPinky, PoseLandmark.RightIndex),
        (PoseLandmark.LeftShoulder, PoseLandmark.LeftHip), (PoseLandmark.RightShoulder, PoseLandmark.RightHip),
        (PoseLandmark.LeftHip, PoseLandmark.RightHip),
        (PoseLandmark.LeftHip, PoseLandmark.LeftKnee), (PoseLandmark.LeftKnee, PoseLandmark.LeftAnkle),
        (PoseLandmark.LeftAnkle, PoseLandmark.LeftHeel), (PoseLandmark.LeftHeel, PoseLandmark.LeftFootIndex),
        (PoseLandmark.LeftAnkle, PoseLandmark.LeftFootIndex),
        (PoseLandmark.RightHip, PoseLandmark.RightKnee), (PoseLandmark.RightKnee, PoseLandmark.RightAnkle),
        (PoseLandmark.RightAnkle, PoseLandmark.RightHeel), (PoseLandmark.RightHeel, PoseLandmark.RightFootIndex),
        (PoseLandmark.RightAnkle, PoseLandmark.RightFootIndex),
    ];

    /// <summary>COCO's 17 keypoints as BlazePose landmarks (nose, eyes, ears, shoulders, elbows, wrists, hips, knees, ankles).</summary>
    public static IReadOnlyList<PoseLandmark> CocoKeypoints { get; } =
    [
        PoseLandmark.Nose, PoseLandmark.LeftEye, PoseLandmark.RightEye, PoseLandmark.LeftEar, PoseLandmark.RightEar,
        PoseLandmark.LeftShoulder, PoseLandmark.RightShoulder, PoseLandmark.LeftElbow, PoseLandmark.RightElbow,
        PoseLandmark.LeftWrist, PoseLandmark.RightWrist, PoseLandmark.LeftHip, PoseLandmark.RightHip,
        PoseLandmark.LeftKnee, PoseLandmark.RightKnee, PoseLandmark.LeftAnkle, PoseLandmark.RightAnkle,
    ];

    /// <summary>COCO keypoint names, in COCO order.</summary>
    public static IReadOnlyList<string> CocoKeypointNames { get; } =
    [
        "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder", "left_elbow",
        "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
    ];
}
