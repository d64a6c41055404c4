namespace PoseTools.Results;

/// <summary>The 33 BlazePose landmarks, in MediaPipe's order and with its names.</summary>
public enum PoseLandmark
{
    /// <summary>Landmark 0: the nose.</summary>
    Nose = 0,
    /// <summary>Landmark 1: the left eye inner.</summary>
    LeftEyeInner = 1,
    /// <summary>Landmark 2: the left eye.</summary>
    LeftEye = 2,
    /// <summary>Landmark 3: the left eye outer.</summary>
    LeftEyeOuter = 3,
    /// <summary>Landmark 4: the right eye inner.</summary>
    RightEyeInner = 4,
    /// <summary>Landmark 5: the right eye.</summary>
    RightEye = 5,
    /// <summary>Landmark 6: the right eye outer.</summary>
    RightEyeOuter = 6,
    /// <summary>Landmark 7: the left ear.</summary>
    LeftEar = 7,
    /// <summary>Landmark 8: the right ear.</summary>
    RightEar = 8,
    /// <summary>Landmark 9: the mouth left.</summary>
    MouthLeft = 9,
    /// <summary>Landmark 10: the mouth right.</summary>
    MouthRight = 10,
    /// <summary>Landmark 11: the left shoulder.</summary>
    LeftShoulder = 11,
    /// <summary>Landmark 12: the right shoulder.</summary>
    RightShoulder = 12,
    /// <summary>Landmark 13: the left elbow.</summary>
    LeftElbow = 13,
    /// <summary>Landmark 14: the right elbow.</summary>
    RightElbow = 14,
    /// <summary>Landmark 15: the left wrist.</summary>
    LeftWrist = 15,
    /// <summary>Landmark 16: the right wrist.</summary>
    RightWrist = 16,
    /// <summary>Landmark 17: the left pinky.</summary>
    LeftPinky = 17,
    /// <summary>Landmark 18: the right pinky.</summary>
    RightPinky = 18,
    /// <summary>Landmark 19: the left index finger.</summary>
    LeftIndex = 19,
    /// <summary>Landmark 20: the right index finger.</summary>
    RightIndex = 20,
    /// <summary>Landmark 21: the left thumb.</summary>
    LeftThumb = 21,
    /// <summary>Landmark 22: the right thumb.</summary>
    RightThumb = 22,
    /// <summary>Landmark 23: the left hip.</summary>
    LeftHip = 23,
    /// <summary>Landmark 24: the right hip.</summary>
    RightHip = 24,
    /// <summary>Landmark 25: the left knee.</summary>
    LeftKnee = 25,
    /// <summary>Landmark 26: the right knee.</summary>
    RightKnee = 26,
    /// <summary>Landmark 27: the left ankle.</summary>
    LeftAnkle = 27,
    /// <summary>Landmark 28: the right ankle.</summary>
    RightAnkle = 28,
    /// <summary>Landmark 29: the left heel.</summary>
    LeftHeel = 29,
    /// <summary>Landmark 30: the right heel.</summary>
    RightHeel = 30,
    /// <summary>Landmark 31: the left foot index.</summary>
    LeftFootIndex = 31,
    /// <summary>Landmark 32: the right foot index.</summary>
    RightFootIndex = 32,
}

/// <summary>The bones MediaPipe draws between landmarks (its POSE_CONNECTIONS), and the 33 names.</summary>
public static class PoseSkeleton
{
    /// <summary>The number of body landmarks: 33.</summary>
    public const int LandmarkCount = 33;

    /// <summary>The bones, as pairs of landmarks (MediaPipe's POSE_CONNECTIONS).</summary>
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
