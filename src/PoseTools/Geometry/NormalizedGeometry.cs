namespace PoseTools.Geometry;

/// <summary>A point in normalised image coordinates (0..1 across the width and height).</summary>
public readonly record struct NormalizedPoint(float X, float Y);

/// <summary>An axis-aligned box in normalised image coordinates.</summary>
public readonly record struct NormalizedBox(float X, float Y, float Width, float Height)
{
    /// <summary>The right edge (x + width).</summary>
    public float Right => X + Width;
    /// <summary>The bottom edge (y + height).</summary>
    public float Bottom => Y + Height;
    /// <summary>The area (zero for an empty box).</summary>
    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    /// <summary>The overlap of two boxes: intersection over union, 0–1.</summary>
    public float IntersectionOverUnion(NormalizedBox other)
    {
        float w = Math.Min(Right, other.Right) - Math.Max(X, other.X);
        float h = Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y);
        if (w <= 0 || h <= 0) return 0;
        float intersection = w * h;
        float union = Area + other.Area - intersection;
        return union > 0 ? intersection / union : 0;
    }
}
