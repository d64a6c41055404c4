using OpenCvSharp;
using PoseTools.Results;
using PoseTools.Geometry;

namespace PoseTools.Inference;

/// <summary>Builds the public <see cref="Pose"/> records from the landmark stage's output.</summary>
internal static class PoseBuilder
{
    public static Pose Build(LandmarkerOutput output, float detectionScore, RegionOfInterest region, int width, int height)
    {
        var landmarks = new Landmark[PoseSkeleton.LandmarkCount];
        var world = new WorldLandmark[PoseSkeleton.LandmarkCount];
        float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
        for (int i = 0; i < PoseSkeleton.LandmarkCount; i++)
        {
            var l = output.Landmarks[i];
            var name = (PoseLandmark)i;
            landmarks[i] = new Landmark(name, l.X, l.Y, l.Z, l.Visibility, l.Presence, l.X * width, l.Y * height);
            var w = output.WorldLandmarks[i];
            world[i] = new WorldLandmark(name, w.X, w.Y, w.Z, l.Visibility, l.Presence);
            minX = Math.Min(minX, l.X); maxX = Math.Max(maxX, l.X);
            minY = Math.Min(minY, l.Y); maxY = Math.Max(maxY, l.Y);
        }
        minX = Math.Clamp(minX, 0, 1); maxX = Math.Clamp(maxX, 0, 1);
        minY = Math.Clamp(minY, 0, 1); maxY = Math.Clamp(maxY, 0, 1);
        var auxiliary = new[] { output.BodyCenter, output.ScalePoint };
        var mask = output.MaskInRegion is { } m ? MaskInImage(m, region, width, height) : null;
        return new Pose(output.Presence, detectionScore, new NormalizedBox(minX, minY, maxX - minX, maxY - minY),
            new PoseLandmarks<Landmark>(landmarks), new PoseLandmarks<WorldLandmark>(world), region, auxiliary, mask);
    }

    /// <summary>
    /// Two regions can land on the same person (overlapping detections, or a half-hidden person whose region the model
    /// fills with the person in front), or on a part of one (a face region read as a small whole body). Keeps the
    /// higher-scoring of any two poses whose landmarks are on average closer than <paramref name="maxDistance"/> × the
    /// larger side of the kept pose's box, and drops a pose whose box lies mostly (<paramref name="nestedShare"/>)
    /// inside a better pose's box.
    /// </summary>
    public static List<Pose> RemoveDuplicates(List<Pose> poses, int width, int height, float maxDistance, float nestedShare)
    {
        var kept = new List<Pose>();
        foreach (var pose in poses.OrderByDescending(p => p.Presence).ThenByDescending(p => p.DetectionScore))
            if (kept.All(k => MeanDistance(pose, k, width, height) >= maxDistance && Containment(pose.BodyBox, k.BodyBox) < nestedShare))
                kept.Add(pose);
        return kept;
    }

    /// <summary>The share of <paramref name="inner"/>'s area that lies inside <paramref name="outer"/>.</summary>
    public static float Containment(NormalizedBox inner, NormalizedBox outer)
    {
        float w = Math.Min(inner.Right, outer.Right) - Math.Max(inner.X, outer.X);
        float h = Math.Min(inner.Bottom, outer.Bottom) - Math.Max(inner.Y, outer.Y);
        return w <= 0 || h <= 0 || inner.Area <= 0 ? 0 : w * h / inner.Area;
    }

    /// <summary>Mean landmark distance in pixels, over the larger box side of <paramref name="reference"/>.</summary>
    public static float MeanDistance(Pose pose, Pose reference, int width, int height)
    {
        double sum = 0;
        for (int i = 0; i < PoseSkeleton.LandmarkCount; i++)
        {
            double dx = pose.Landmarks[i].PixelX - reference.Landmarks[i].PixelX, dy = pose.Landmarks[i].PixelY - reference.Landmarks[i].PixelY;
            sum += Math.Sqrt(dx * dx + dy * dy);
        }
        double size = Math.Max(1, Math.Max(reference.BodyBox.Width * width, reference.BodyBox.Height * height));
        return (float)(sum / PoseSkeleton.LandmarkCount / size);
    }

    /// <summary>The 256² mask of a region warped back onto the image (bilinear, zero outside the region).</summary>
    public static SegmentationMask MaskInImage(float[] maskInRegion, RegionOfInterest region, int width, int height)
    {
        const int size = PoseLandmarker.InputSize;
        var (p, _) = region.ToPixels(width, height).PadToAspect(size, size);
        float c = MathF.Cos(p.Rotation), s = MathF.Sin(p.Rotation);
        float half = 0.5f / size - 0.5f;
        // Tensor pixel (i, j) → image pixel index, the same mapping the crop used.
        using var transform = new Mat(2, 3, MatType.CV_64FC1);
        transform.Set(0, 0, (double)(p.Width * c / size));
        transform.Set(0, 1, (double)(-p.Height * s / size));
        transform.Set(0, 2, (double)(p.CenterX - 0.5f + p.Width * c * half - p.Height * s * half));
        transform.Set(1, 0, (double)(p.Width * s / size));
        transform.Set(1, 1, (double)(p.Height * c / size));
        transform.Set(1, 2, (double)(p.CenterY - 0.5f + p.Width * s * half + p.Height * c * half));
        using var source = Mat.FromPixelData(size, size, MatType.CV_32FC1, maskInRegion);
        using var target = new Mat(height, width, MatType.CV_32FC1);
        Cv2.WarpAffine(source, target, transform, new Size(width, height), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));
        target.GetArray(out float[] probabilities);
        return new SegmentationMask(width, height, probabilities);
    }
}
