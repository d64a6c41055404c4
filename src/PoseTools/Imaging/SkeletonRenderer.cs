using OpenCvSharp;
using PoseTools.Analysis;
using PoseTools.Results;

namespace PoseTools.Imaging;

/// <summary>How skeletons are drawn. Colours are RGB ("#ff0000", "red" or "255,0,0").</summary>
public sealed record SkeletonStyle
{
    /// <summary>Colour of the joint dots (default red; with several people each gets a colour of its own).</summary>
    public Rgb JointColor { get; init; } = new(255, 0, 0);
    /// <summary>Colour of the bones (default white).</summary>
    public Rgb BoneColor { get; init; } = new(255, 255, 255);
    /// <summary>Joint dot radius in pixels; 0 = scaled to the image (about 0.6 % of its diagonal, at least 3).</summary>
    public int JointRadius { get; init; }
    /// <summary>Bone line thickness in pixels; 0 = scaled to the image.</summary>
    public int BoneThickness { get; init; }
    /// <summary>Landmarks less visible than this are not drawn (nor bones touching them).</summary>
    public float MinVisibility { get; init; } = 0.5f;
    /// <summary>With several people, each person's joints get a colour of their own.</summary>
    public bool ColorPerPerson { get; init; } = true;
}

/// <summary>An RGB colour, parsed from names, "#rrggbb" or "r,g,b".</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    private static readonly Dictionary<string, Rgb> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["red"] = new(255, 0, 0), ["green"] = new(0, 200, 0), ["lime"] = new(0, 255, 0), ["blue"] = new(0, 90, 255),
        ["white"] = new(255, 255, 255), ["black"] = new(0, 0, 0), ["yellow"] = new(255, 220, 0), ["cyan"] = new(0, 220, 255),
        ["magenta"] = new(255, 0, 255), ["orange"] = new(255, 140, 0), ["purple"] = new(150, 60, 220), ["pink"] = new(255, 105, 180),
        ["gray"] = new(128, 128, 128), ["grey"] = new(128, 128, 128),
    };

    /// <summary>The colour names <see cref="Parse"/> knows.</summary>
    public static IReadOnlyCollection<string> Names => Named.Keys;

    /// <summary>A colour from a name (<see cref="Names"/>), "#rrggbb" or "r,g,b".</summary>
    public static Rgb Parse(string text)
    {
        text = text.Trim();
        if (Named.TryGetValue(text, out var named)) return named;
        if (text.StartsWith('#') && text.Length == 7 && int.TryParse(text[1..], System.Globalization.NumberStyles.HexNumber, null, out int hex))
            return new Rgb((byte)(hex >> 16), (byte)(hex >> 8), (byte)hex);
        var parts = text.Split(',');
        if (parts.Length == 3 && parts.All(p => byte.TryParse(p.Trim(), out _)))
            return new Rgb(byte.Parse(parts[0].Trim()), byte.Parse(parts[1].Trim()), byte.Parse(parts[2].Trim()));
        throw new FormatException($"'{text}' is not a colour: use a name ({string.Join(", ", Named.Keys)}), #rrggbb or r,g,b.");
    }

    /// <summary>A colour from a name, #rrggbb or r,g,b (see <see cref="Parse"/>).</summary>
    public static implicit operator Rgb(string text) => Parse(text);
    internal Scalar ToScalar() => new(B, G, R);
    /// <summary>The colour as #rrggbb.</summary>
    public override string ToString() => $"#{R:x2}{G:x2}{B:x2}";
}

/// <summary>Draws poses on an image: dots at the joints, lines along the bones (MediaPipe's connections).</summary>
public static class SkeletonRenderer
{
    // Distinct joint colours for several people (the first is the single-person red).
    private static readonly Rgb[] PersonColors =
    [
        new(255, 0, 0), new(0, 200, 255), new(255, 200, 0), new(0, 230, 90), new(255, 0, 255), new(255, 120, 0), new(140, 90, 255), new(0, 255, 200),
    ];

    /// <summary>Draws every pose of the result onto <paramref name="bgr"/> (which must be the result's image, as decoded).</summary>
    public static void Draw(Mat bgr, IReadOnlyList<Pose> poses, SkeletonStyle? style = null)
    {
        style ??= new SkeletonStyle();
        double diagonal = Math.Sqrt((double)bgr.Cols * bgr.Cols + (double)bgr.Rows * bgr.Rows);
        int radius = style.JointRadius > 0 ? style.JointRadius : Math.Max(3, (int)Math.Round(diagonal * 0.006));
        int thickness = style.BoneThickness > 0 ? style.BoneThickness : Math.Max(2, (int)Math.Round(diagonal * 0.003));
        for (int p = 0; p < poses.Count; p++)
        {
            var pose = poses[p];
            var joint = poses.Count > 1 && style.ColorPerPerson ? PersonColors[(pose.PersonId ?? p) % PersonColors.Length] : style.JointColor;
            bool Shown(Landmark l) => l.Visibility >= style.MinVisibility;
            Point At(Landmark l) => new((int)Math.Round(l.PixelX), (int)Math.Round(l.PixelY));
            foreach (var (from, to) in PoseSkeleton.Connections)
            {
                var a = pose.Landmarks[from];
                var b = pose.Landmarks[to];
                if (Shown(a) && Shown(b)) Cv2.Line(bgr, At(a), At(b), style.BoneColor.ToScalar(), thickness, LineTypes.AntiAlias);
            }
            foreach (var l in pose.Landmarks.Where(Shown))
                Cv2.Circle(bgr, At(l), radius, joint.ToScalar(), -1, LineTypes.AntiAlias);
        }
    }

    /// <summary>
    /// Writes each person's labels (a coach's notes: <see cref="CoachLabels"/>) in a dark box above their
    /// pose, in white, green (good form) or red (faults); labels of a person not in this frame go to the top-left corner.
    /// </summary>
    public static void DrawLabels(Mat bgr, IReadOnlyList<Pose> poses, IReadOnlyList<CoachLabel> labels)
    {
        double scale = Math.Max(0.4, bgr.Rows / 720.0 * 0.8);
        int thickness = Math.Max(1, (int)Math.Round(scale * 2));
        int cornerY = 0;
        foreach (var person in labels.GroupBy(l => l.PersonId))
        {
            var lines = person.ToList();
            var sizes = lines.Select(l => Cv2.GetTextSize(l.Text, HersheyFonts.HersheySimplex, scale, thickness, out _)).ToList();
            int lineHeight = sizes.Max(z => z.Height) + (int)(10 * scale), width = sizes.Max(z => z.Width) + (int)(12 * scale);
            int height = lineHeight * lines.Count + (int)(6 * scale);
            var pose = poses.FirstOrDefault(p => p.PersonId == person.Key);
            int x, y;
            if (pose is null) { x = 0; y = cornerY; cornerY += height; }
            else
            {
                var seen = pose.Landmarks.Where(l => l.Visibility >= 0.5f).DefaultIfEmpty(pose.Landmarks[PoseLandmark.Nose]).ToList();
                x = (int)seen.Min(l => l.PixelX);
                y = (int)seen.Min(l => l.PixelY) - height - (int)(10 * scale);
            }
            x = Math.Clamp(x, 0, Math.Max(0, bgr.Cols - width));
            y = Math.Clamp(y, 0, Math.Max(0, bgr.Rows - height));
            Cv2.Rectangle(bgr, new Rect(x, y, width, height), new Scalar(30, 30, 30), -1);
            for (int i = 0; i < lines.Count; i++)
            {
                var color = lines[i].Tone switch
                {
                    LabelTone.Good => new Scalar(80, 220, 80),
                    LabelTone.Fault => new Scalar(60, 60, 255),
                    _ => new Scalar(255, 255, 255),
                };
                Cv2.PutText(bgr, lines[i].Text, new Point(x + (int)(6 * scale), y + lineHeight * (i + 1) - (int)(4 * scale)), HersheyFonts.HersheySimplex, scale, color, thickness, LineTypes.AntiAlias);
            }
        }
    }

    /// <summary>
    /// Decodes the result's source image — or, for a video frame, reads the video up to that frame — draws its poses and
    /// returns the image (the caller disposes it). For many frames of one video, read them in order with a
    /// <see cref="VideoFrameCursor"/> instead.
    /// </summary>
    public static Mat Render(PoseResult result, SkeletonStyle? style = null, ImageDecodeLimits? limits = null)
    {
        if (result.FrameIndex is not null && VideoReader.IsVideo(result.Source))
        {
            using var cursor = new VideoFrameCursor(result.Source);
            var frame = cursor.Seek(result).Clone();
            Draw(frame, result.Poses, style);
            return frame;
        }
        var image = ImageDecoder.DecodeFile(result.Source, limits);
        if (image.Cols != result.Width || image.Rows != result.Height)
        {
            // The size is read before the image is freed: a disposed Mat's size is a read of freed native memory.
            string message = $"{result.Source} is {image.Cols}×{image.Rows} now, but the result is for a {result.Width}×{result.Height} image; the file has changed.";
            image.Dispose();
            throw new InvalidOperationException(message);
        }
        Draw(image, result.Poses, style);
        return image;
    }

    /// <summary>
    /// The result drawn on its image when that can be read again (a file, a video frame); a result of an image given in
    /// memory is drawn on a gray canvas of its size — for displays that must always show something.
    /// </summary>
    public static Mat RenderOnSourceOrCanvas(PoseResult result, SkeletonStyle? style = null)
    {
        if (File.Exists(result.Source)) return Render(result, style);
        var canvas = new Mat(result.Height, result.Width, MatType.CV_8UC3, new Scalar(60, 60, 60));
        Draw(canvas, result.Poses, style);
        return canvas;
    }

    /// <summary>Encodes in the format of a file name's extension (<see cref="ImageFormats.WritableExtensions"/>; JPEG at quality 95).</summary>
    public static byte[] Encode(Mat image, string fileName)
    {
        var format = ImageFormats.ForOutput(fileName)
            ?? throw new ArgumentException($"'{Path.GetExtension(fileName)}' is not an image type PoseTools writes: use {ImageFormats.WritableExtensionList}.", nameof(fileName));
        return format.Format == ImageFormat.Jpeg
            ? image.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 95))
            : image.ImEncode(format.Extensions[0]);
    }
}
