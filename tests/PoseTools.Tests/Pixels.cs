using OpenCvSharp;

namespace PoseTools.Tests;

/// <summary>How the tests see what a renderer drew: pixels of a colour counted in an image (BGR).</summary>
public static class Pixels
{
    /// <summary>The red PoseTools draws joints in (pure red, give or take what encoding and scaling do to it).</summary>
    public static bool IsJointRed(Vec3b p) => p.Item2 > 200 && p.Item1 < 60 && p.Item0 < 60;

    /// <summary>The pixels of <paramref name="image"/> (within <paramref name="area"/>, if given) that match.</summary>
    public static int Count(Mat image, Func<Vec3b, bool> match, Rect? area = null)
    {
        var within = (area ?? new Rect(0, 0, image.Cols, image.Rows)) & new Rect(0, 0, image.Cols, image.Rows);
        int n = 0;
        for (int y = within.Top; y < within.Bottom; y++)
            for (int x = within.Left; x < within.Right; x++)
                if (match(image.At<Vec3b>(y, x))) n++;
        return n;
    }
}
