namespace PoseTools.Inference;

/// <summary>Parameters of one landmark filter (a 1€ filter per coordinate).</summary>
public sealed record OneEuroParameters(double MinCutoff, double Beta, double DerivateCutoff, bool ScaleByObjectSize);

/// <summary>
/// The filters of MediaPipe's pose_landmark_filtering graph for one person: visibility low-pass (α 0.1) and 1€
/// filters for the landmarks (min cutoff 0.05, β 80, scaled by object size), the world landmarks (0.1, 40, unscaled)
/// and the auxiliary landmarks that steer the next region (0.01, 10, scaled). Coordinates are filtered in pixels
/// (z scaled like x); the object size is twice the distance between the two auxiliary landmarks. World landmarks take
/// their visibility from the (smoothed) landmarks.
/// </summary>
public sealed class LandmarkSmoothing
{
    /// <summary>1€ filter settings of the 33 landmarks (MediaPipe's pose_landmark_filtering).</summary>
    public static readonly OneEuroParameters Landmarks = new(0.05, 80.0, 1.0, true);
    /// <summary>1€ filter settings of the world landmarks.</summary>
    public static readonly OneEuroParameters WorldLandmarks = new(0.1, 40.0, 1.0, false);
    /// <summary>1€ filter settings of the two auxiliary landmarks that place the next region.</summary>
    public static readonly OneEuroParameters AuxiliaryLandmarks = new(0.01, 10.0, 1.0, true);
    /// <summary>Low-pass factor of the visibilities.</summary>
    public const float VisibilityAlpha = 0.1f;
    private const double InitialFrequency = 30.0;

    private readonly bool _smoothLandmarks;
    private Bank? _landmarks, _world, _auxiliary;
    private LowPassFilter[]? _visibility, _auxiliaryVisibility;

    /// <param name="smoothLandmarks">False keeps landmarks and world landmarks raw (MediaPipe's smooth_landmarks); the
    /// auxiliary landmarks that steer tracking are always smoothed.</param>
    public LandmarkSmoothing(bool smoothLandmarks) => _smoothLandmarks = smoothLandmarks;

    /// <summary>Forgets the past (the person was lost): the next frame starts the filters afresh.</summary>
    public void Reset()
    {
        _landmarks = _world = _auxiliary = null;
        _visibility = _auxiliaryVisibility = null;
    }

    /// <summary>Smooths one frame's landmarks (39, image-normalised) and world landmarks (33) in place.</summary>
    public void Apply(RawLandmark[] landmarks, (float X, float Y, float Z)[] world, TimeSpan timestamp, int width, int height)
    {
        var a = landmarks[LandmarkDecoder.BodyCenter];
        var b = landmarks[LandmarkDecoder.ScalePoint];
        double objectScale = 2 * Math.Sqrt(Math.Pow((b.X - a.X) * width, 2) + Math.Pow((b.Y - a.Y) * height, 2));

        // Auxiliary landmarks (body centre, scale point): always filtered; they choose the next frame's region.
        const int first = LandmarkDecoder.BodyCenter, count = LandmarkDecoder.AuxiliaryCount, body = LandmarkDecoder.BodyLandmarkCount;
        _auxiliaryVisibility ??= NewVisibility(count);
        _auxiliary ??= new Bank(count, AuxiliaryLandmarks);
        for (int i = 0; i < count; i++)
            landmarks[first + i] = landmarks[first + i] with { Visibility = _auxiliaryVisibility[i].Apply(landmarks[first + i].Visibility) };
        _auxiliary.Apply(landmarks, first, count, timestamp, objectScale, width, height);

        if (!_smoothLandmarks) return;
        _visibility ??= NewVisibility(body);
        _landmarks ??= new Bank(body, Landmarks);
        for (int i = 0; i < body; i++) landmarks[i] = landmarks[i] with { Visibility = _visibility[i].Apply(landmarks[i].Visibility) };
        _landmarks.Apply(landmarks, 0, body, timestamp, objectScale, width, height);

        _world ??= new Bank(body, WorldLandmarks);
        _world.ApplyWorld(world, timestamp);
    }

    private static LowPassFilter[] NewVisibility(int n) => Enumerable.Range(0, n).Select(_ => new LowPassFilter(VisibilityAlpha)).ToArray();

    /// <summary>x, y, z filters for n landmarks.</summary>
    private sealed class Bank(int count, OneEuroParameters p)
    {
        private readonly OneEuroFilter[] _x = New(count, p), _y = New(count, p), _z = New(count, p);

        private static OneEuroFilter[] New(int n, OneEuroParameters p) =>
            Enumerable.Range(0, n).Select(_ => new OneEuroFilter(InitialFrequency, p.MinCutoff, p.Beta, p.DerivateCutoff)).ToArray();

        public void Apply(RawLandmark[] landmarks, int first, int n, TimeSpan t, double objectScale, int width, int height)
        {
            if (p.ScaleByObjectSize && objectScale < 1e-6) return; // MediaPipe passes such frames through unfiltered
            double scale = p.ScaleByObjectSize ? 1.0 / objectScale : 1.0;
            for (int i = 0; i < n; i++)
            {
                var l = landmarks[first + i];
                // Filtered in pixels (z like x), as LandmarksSmoothingCalculator converts normalised landmarks.
                landmarks[first + i] = l with
                {
                    X = _x[i].Apply(t, scale, l.X * width) / width,
                    Y = _y[i].Apply(t, scale, l.Y * height) / height,
                    Z = _z[i].Apply(t, scale, l.Z * width) / width,
                };
            }
        }

        public void ApplyWorld((float X, float Y, float Z)[] world, TimeSpan t)
        {
            for (int i = 0; i < world.Length; i++)
                world[i] = (_x[i].Apply(t, 1.0, world[i].X), _y[i].Apply(t, 1.0, world[i].Y), _z[i].Apply(t, 1.0, world[i].Z));
        }
    }
}
