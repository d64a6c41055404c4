using PoseTools.Results;

namespace PoseTools.Analysis;

/// <summary>Named joints whose angle is measured at the middle landmark of three.</summary>
public enum Joint
{
    /// <summary>The left elbow: shoulder – elbow – wrist.</summary>
    LeftElbow,
    /// <summary>The right elbow: shoulder – elbow – wrist.</summary>
    RightElbow,
    /// <summary>The left shoulder: hip – shoulder – elbow.</summary>
    LeftShoulder,
    /// <summary>The right shoulder: hip – shoulder – elbow.</summary>
    RightShoulder,
    /// <summary>The left hip: shoulder – hip – knee.</summary>
    LeftHip,
    /// <summary>The right hip: shoulder – hip – knee.</summary>
    RightHip,
    /// <summary>The left knee: hip – knee – ankle.</summary>
    LeftKnee,
    /// <summary>The right knee: hip – knee – ankle.</summary>
    RightKnee,
    /// <summary>The left ankle: knee – ankle – foot index.</summary>
    LeftAnkle,
    /// <summary>The right ankle: knee – ankle – foot index.</summary>
    RightAnkle,
    /// <summary>The left wrist: elbow – wrist – index finger.</summary>
    LeftWrist,
    /// <summary>The right wrist: elbow – wrist – index finger.</summary>
    RightWrist,
}

/// <summary>Where an angle is measured: in the image (2D, pixels) or in the world landmarks (3D, metres).</summary>
public enum AngleSpace
{
    /// <summary>In the image: 2D, from pixel positions (depends on the view).</summary>
    Image,
    /// <summary>In the world landmarks: 3D, metres (independent of the view).</summary>
    World,
}

/// <summary>One angle of one pose.</summary>
public sealed record JointAngle(
    string Source,
    long? FrameIndex,
    TimeSpan? Timestamp,
    int PoseIndex,
    int? PersonId,
    string Joint,
    PoseLandmark First,
    PoseLandmark Vertex,
    PoseLandmark Last,
    AngleSpace Space,
    double Degrees,
    float Visibility);

/// <summary>Angles between body segments: at a named joint, or at any landmark between two others.</summary>
public static class JointAngles
{
    /// <summary>The three landmarks of a named joint; the angle is at the middle one.</summary>
    public static (PoseLandmark First, PoseLandmark Vertex, PoseLandmark Last) Landmarks(Joint joint) => joint switch
    {
        Joint.LeftElbow => (PoseLandmark.LeftShoulder, PoseLandmark.LeftElbow, PoseLandmark.LeftWrist),
        Joint.RightElbow => (PoseLandmark.RightShoulder, PoseLandmark.RightElbow, PoseLandmark.RightWrist),
        Joint.LeftShoulder => (PoseLandmark.LeftElbow, PoseLandmark.LeftShoulder, PoseLandmark.LeftHip),
        Joint.RightShoulder => (PoseLandmark.RightElbow, PoseLandmark.RightShoulder, PoseLandmark.RightHip),
        Joint.LeftHip => (PoseLandmark.LeftShoulder, PoseLandmark.LeftHip, PoseLandmark.LeftKnee),
        Joint.RightHip => (PoseLandmark.RightShoulder, PoseLandmark.RightHip, PoseLandmark.RightKnee),
        Joint.LeftKnee => (PoseLandmark.LeftHip, PoseLandmark.LeftKnee, PoseLandmark.LeftAnkle),
        Joint.RightKnee => (PoseLandmark.RightHip, PoseLandmark.RightKnee, PoseLandmark.RightAnkle),
        Joint.LeftAnkle => (PoseLandmark.LeftKnee, PoseLandmark.LeftAnkle, PoseLandmark.LeftFootIndex),
        Joint.RightAnkle => (PoseLandmark.RightKnee, PoseLandmark.RightAnkle, PoseLandmark.RightFootIndex),
        Joint.LeftWrist => (PoseLandmark.LeftElbow, PoseLandmark.LeftWrist, PoseLandmark.LeftIndex),
        Joint.RightWrist => (PoseLandmark.RightElbow, PoseLandmark.RightWrist, PoseLandmark.RightIndex),
        _ => throw new ArgumentOutOfRangeException(nameof(joint)),
    };

    /// <summary>The angle in degrees (0–180) at <paramref name="vertex"/> between the segments to the other two landmarks.</summary>
    public static double Degrees(Pose pose, PoseLandmark first, PoseLandmark vertex, PoseLandmark last, AngleSpace space = AngleSpace.Image)
    {
        double ax, ay, az, bx, by, bz;
        if (space == AngleSpace.Image)
        {
            // Pixels, not normalised coordinates: the image's aspect ratio must not skew the angle.
            var (p, v, q) = (pose.Landmarks[first], pose.Landmarks[vertex], pose.Landmarks[last]);
            (ax, ay, az, bx, by, bz) = (p.PixelX - v.PixelX, p.PixelY - v.PixelY, 0, q.PixelX - v.PixelX, q.PixelY - v.PixelY, 0);
        }
        else
        {
            var (p, v, q) = (pose.WorldLandmarks[first], pose.WorldLandmarks[vertex], pose.WorldLandmarks[last]);
            (ax, ay, az, bx, by, bz) = (p.X - v.X, p.Y - v.Y, p.Z - v.Z, q.X - v.X, q.Y - v.Y, q.Z - v.Z);
        }
        double dot = ax * bx + ay * by + az * bz;
        double norms = Math.Sqrt(ax * ax + ay * ay + az * az) * Math.Sqrt(bx * bx + by * by + bz * bz);
        if (norms < 1e-12) return double.NaN;
        return Math.Acos(Math.Clamp(dot / norms, -1, 1)) * 180 / Math.PI;
    }

    /// <summary>The angle at a named joint, in degrees (0–180), in the image or from the world landmarks.</summary>
    public static double Degrees(Pose pose, Joint joint, AngleSpace space = AngleSpace.Image)
    {
        var (a, b, c) = Landmarks(joint);
        return Degrees(pose, a, b, c, space);
    }

    /// <summary>Angles for every pose of a result.</summary>
    public static IEnumerable<JointAngle> Measure(PoseResult result, string name, PoseLandmark first, PoseLandmark vertex, PoseLandmark last, AngleSpace space)
    {
        for (int i = 0; i < result.Poses.Count; i++)
        {
            var pose = result.Poses[i];
            float visibility = Math.Min(pose.Landmarks[first].Visibility, Math.Min(pose.Landmarks[vertex].Visibility, pose.Landmarks[last].Visibility));
            yield return new JointAngle(result.Source, result.FrameIndex, result.Timestamp, i, pose.PersonId, name, first, vertex, last, space,
                Degrees(pose, first, vertex, last, space), visibility);
        }
    }
}
