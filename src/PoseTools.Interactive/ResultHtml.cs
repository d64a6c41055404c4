using System.Globalization;
using System.Net;
using System.Text;
using OpenCvSharp;
using PoseTools.Analysis;
using PoseTools.Imaging;
using PoseTools.Results;

namespace PoseTools.Interactive;

/// <summary>HTML for results: the photo with its skeleton, a compact summary table and a collapsible landmark table.</summary>
public static class ResultHtml
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    internal const string TableStyle = "border-collapse:collapse;font-size:12px";
    internal const string Cell = "padding:2px 8px;border-bottom:1px solid #ddd;text-align:right";
    internal const string HeadCell = "padding:2px 8px;border-bottom:2px solid #999;text-align:right";

    /// <summary>One result: overlay, summary, landmarks.</summary>
    public static string Render(PoseResult result)
    {
        var html = new StringBuilder("<div class=\"posetools-result\" style=\"font-family:system-ui,sans-serif\">");
        html.Append("<div style=\"display:flex;gap:16px;flex-wrap:wrap;align-items:flex-start\">");
        using (var overlay = Overlay(result)) html.Append(ImageHtml.Img(overlay, $"skeleton on {Name(result)}"));
        html.Append(Summary(result)).Append("</div>");
        for (int i = 0; i < result.Poses.Count; i++)
            html.Append(Landmarks(result.Poses[i], $"Landmarks of pose {i + 1} of {result.Poses.Count}"));
        return html.Append("</div>").ToString();
    }

    /// <summary>The result drawn on its image (or, for an image given in memory, on a canvas of its size).</summary>
    public static Mat Overlay(PoseResult result) => SkeletonRenderer.RenderOnSourceOrCanvas(result);

    internal static string Summary(PoseResult result)
    {
        var html = new StringBuilder($"<table style=\"{TableStyle}\">");
        void Row(string name, string value) =>
            html.Append($"<tr><th style=\"{Cell};text-align:left\">{name}</th><td style=\"{Cell}\">{WebUtility.HtmlEncode(value)}</td></tr>");
        Row("source", Name(result) + (result.FrameIndex is { } f ? $" #{f}" : ""));
        Row("size", $"{result.Width} × {result.Height}");
        Row("model", result.ModelComplexity.ToString());
        Row("poses", result.Poses.Count.ToString(C));
        Row("time", $"{result.Milliseconds.ToString("F1", C)} ms (detect {result.Timings.Detect.ToString("F1", C)}, landmarks {result.Timings.Landmark.ToString("F1", C)})");
        if (result.Timestamp is { } t) Row("timestamp", $"{t.TotalSeconds.ToString("F3", C)} s");
        for (int i = 0; i < result.Poses.Count; i++)
        {
            var p = result.Poses[i];
            Row($"pose {i + 1}", $"presence {p.Presence.ToString("F2", C)}" + (p.PersonId is { } id ? $", person {id}" : "") +
                $", box {(p.BodyBox.Width * result.Width).ToString("F0", C)} × {(p.BodyBox.Height * result.Height).ToString("F0", C)} px");
        }
        return html.Append("</table>").ToString();
    }

    internal static string Landmarks(Pose pose, string title)
    {
        var html = new StringBuilder($"<details><summary>{WebUtility.HtmlEncode(title)}</summary><table style=\"{TableStyle}\"><tr>");
        foreach (var h in new[] { "landmark", "x", "y", "z", "visibility", "presence", "pixel x", "pixel y", "world x (m)", "world y (m)", "world z (m)" })
            html.Append($"<th style=\"{HeadCell}\">{h}</th>");
        html.Append("</tr>");
        foreach (var l in pose.Landmarks)
        {
            var w = pose.WorldLandmarks[l.Name];
            html.Append($"<tr><td style=\"{Cell};text-align:left\">{l.Name}</td>");
            foreach (var v in new[] { l.X, l.Y, l.Z, l.Visibility, l.Presence }) html.Append($"<td style=\"{Cell}\">{v.ToString("F3", C)}</td>");
            foreach (var v in new[] { l.PixelX, l.PixelY }) html.Append($"<td style=\"{Cell}\">{v.ToString("F1", C)}</td>");
            foreach (var v in new[] { w.X, w.Y, w.Z }) html.Append($"<td style=\"{Cell}\">{v.ToString("F3", C)}</td>");
            html.Append("</tr>");
        }
        return html.Append("</table></details>").ToString();
    }

    /// <summary>
    /// Several results: a video's frames (they have frame indexes) as a chart of the main joints' trajectories; photos
    /// as a grid of overlays (the first <paramref name="maxImages"/>).
    /// </summary>
    public static string RenderMany(IEnumerable<PoseResult> results, int maxImages = 12)
    {
        var list = results.ToList();
        if (list.Count > 0 && list.All(r => r.FrameIndex is not null))
        {
            var people = Trajectories.People(list);
            var summary = $"<p style=\"font-family:system-ui,sans-serif;font-size:13px\">{list.Count} frames of {WebUtility.HtmlEncode(Name(list[0]))}, " +
                          $"{list.Count(r => r.Poses.Count > 0)} with a pose, {people.Count(p => p is not null)} tracked " +
                          $"{(people.Count(p => p is not null) == 1 ? "person" : "people")}" +
                          (list[^1].Timestamp is { } end ? $", {end.TotalSeconds.ToString("F2", C)} s" : "") + "</p>";
            return summary + ChartHtml.Render(PoseCharts.Trajectory(list, PoseCharts.DefaultTrajectoryLandmarks, TrajectoryAxis.PixelY, people.FirstOrDefault()));
        }
        var html = new StringBuilder("<div style=\"display:flex;gap:12px;flex-wrap:wrap;font-family:system-ui,sans-serif;font-size:12px\">");
        foreach (var result in list.Take(maxImages))
        {
            using var overlay = Overlay(result);
            html.Append("<figure style=\"margin:0\">").Append(ImageHtml.Img(overlay, Name(result), 280))
                .Append($"<figcaption>{WebUtility.HtmlEncode(Name(result))}: {result.Poses.Count} pose(s), {result.Milliseconds.ToString("F0", C)} ms</figcaption></figure>");
        }
        if (list.Count > maxImages) html.Append($"<p>… and {list.Count - maxImages} more</p>");
        return html.Append("</div>").ToString();
    }

    /// <summary>One image under several complexities: overlays side by side, then disagreement per landmark and time.</summary>
    public static string RenderComparison(ComplexityComparison comparison)
    {
        var html = new StringBuilder("<div class=\"posetools-comparison\" style=\"font-family:system-ui,sans-serif;font-size:12px\">");
        html.Append("<div style=\"display:flex;gap:12px;flex-wrap:wrap\">");
        foreach (var (complexity, result) in comparison.Results.OrderBy(r => r.Key))
        {
            using var overlay = Overlay(result);
            html.Append("<figure style=\"margin:0\">").Append(ImageHtml.Img(overlay, $"{complexity}", 320))
                .Append($"<figcaption><b>{complexity}</b>: {result.Milliseconds.ToString("F1", C)} ms, {result.Poses.Count} pose(s)</figcaption></figure>");
        }
        html.Append("</div>");
        var rows = comparison.Rows;
        html.Append($"<table style=\"{TableStyle};margin-top:8px\"><tr><th style=\"{HeadCell};text-align:left\">landmark</th>");
        foreach (var row in rows) html.Append($"<th style=\"{HeadCell}\">{row.ModelComplexity} vs {row.Reference}</th>");
        html.Append("</tr>");
        var named = rows.Select(r => r.Landmarks.ToDictionary(l => l.Landmark)).ToList();
        foreach (var landmark in Enum.GetValues<PoseLandmark>())
        {
            html.Append($"<tr><td style=\"{Cell};text-align:left\">{landmark}</td>");
            foreach (var d in named)
                html.Append(d.TryGetValue(landmark, out var l)
                    ? $"<td style=\"{Cell};background:{Heat(l.Distance)}\">{l.Distance.ToString("P1", C)}</td>"
                    : $"<td style=\"{Cell}\">–</td>");
            html.Append("</tr>");
        }
        html.Append($"<tr><th style=\"{Cell};text-align:left\">mean</th>");
        foreach (var row in rows) html.Append($"<th style=\"{Cell}\">{(double.IsNaN(row.MeanDisagreement) ? "–" : row.MeanDisagreement.ToString("P1", C))}</th>");
        html.Append($"</tr><tr><th style=\"{Cell};text-align:left\">time</th>");
        foreach (var row in rows) html.Append($"<th style=\"{Cell}\">{row.Milliseconds.ToString("F1", C)} ms</th>");
        html.Append("</tr></table><p>Disagreement: distance to the reference model's landmark, as a share of the person's size.</p>");
        return html.Append("</div>").ToString();
    }

    /// <summary>White for agreement, deepening red up to 10 % of the body size.</summary>
    private static string Heat(double distance)
    {
        double t = Math.Clamp(distance / 0.1, 0, 1);
        int g = (int)(255 - 150 * t);
        return $"rgb(255,{g},{g})";
    }

    internal static string Name(PoseResult result) => Path.GetFileName(result.Source) is { Length: > 0 } name ? name : result.Source;
}
