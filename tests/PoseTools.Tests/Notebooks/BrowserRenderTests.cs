using OpenCvSharp;
using PoseTools.Analysis;
using PoseTools.Interactive;
using PoseTools.Results;
using Xunit.Abstractions;

namespace PoseTools.Tests.Notebooks;

/// <summary>
/// An overlay and a chart, as a notebook shows them, drawn by headless Chromium with no network: the overlay image is
/// there with its red joints, and plotly.js — from inside Plotly.NET, not a CDN — really drew the chart.
/// </summary>
public sealed class BrowserRenderTests(ITestOutputHelper output)
{
    [Fact]
    public void OverlayAndChartRenderOffline()
    {
        var result = TestEstimators.Result(1, "basketball1.png");
        var frames = TestEstimators.Video("squat_correct_010.mp4");
        var chart = PoseCharts.Trajectory(frames, [PoseLandmark.LeftHip], TrajectoryAxis.PixelY);
        string html = "<!doctype html><html><body style=\"margin:0;background:#fff\"><div id=\"overlay\">" + ResultHtml.Render(result) +
                      "</div><div id=\"chart\" style=\"position:absolute;top:600px;left:0\">" + ChartHtml.Render(chart, PlotlyLibrary.Always) + "</div></body></html>";
        Assert.DoesNotContain("<script src=", html);
        var dir = TestEnvironment.NewTempDirectory("posetools-browser");
        string page = Path.Combine(dir, "page.html"), png = Path.Combine(dir, "page.png");
        File.WriteAllText(page, html);

        string dom = Chromium.Dom(new Uri(page).AbsoluteUri);
        Assert.Contains("plot-container", dom);        // Plotly built its DOM …
        Assert.DoesNotContain("<polyline", dom);       // … in place of the static preview

        Chromium.Screenshot(new Uri(page).AbsoluteUri, png);
        output.WriteLine($"screenshot: {png}");
        using var shot = Cv2.ImRead(png);
        Cv2.MeanStdDev(shot, out _, out var deviation);
        Assert.True(deviation.Val0 > 20, $"the page looks blank (deviation {deviation.Val0:F1})");
        Assert.True(Pixels.Count(shot, Pixels.IsJointRed, new Rect(0, 0, 640, 560)) > 100, "no red joints on the overlay");
        // The trace colour (#1f77b4) along Plotly's line, below the overlay.
        Assert.True(Pixels.Count(shot, p => Math.Abs(p.Item2 - 0x1f) < 25 && Math.Abs(p.Item1 - 0x77) < 25 && Math.Abs(p.Item0 - 0xb4) < 25, new Rect(0, 600, shot.Cols, shot.Rows - 600)) > 150,
            "the chart's trace is not drawn");
    }

    [Fact]
    public void AChartWithoutThePageLibrarySaysHowToLoadItAndDrawsOnceItIsLoaded()
    {
        var frames = TestEstimators.Video("squat_correct_010.mp4");
        string chart = ChartHtml.Render(PoseCharts.Trajectory(frames, [PoseLandmark.LeftHip], TrajectoryAxis.PixelY), PlotlyLibrary.Never);
        var dir = TestEnvironment.NewTempDirectory("posetools-nolibrary");
        string bare = Path.Combine(dir, "bare.html"), loaded = Path.Combine(dir, "loaded.html");
        File.WriteAllText(bare, "<!doctype html><html><body>" + chart + "</body></html>");
        File.WriteAllText(loaded, "<!doctype html><html><body>" + ChartHtml.Library().Value + chart + "</body></html>");

        string without = Chromium.Dom(new Uri(bare).AbsoluteUri, budgetMs: 15000);
        Assert.Contains("<div class=\"posetools-chart-note\"", without);   // the re-opened notebook's case: a hint …
        Assert.Contains("<polyline", without);                              // … beside the static preview
        string with = Chromium.Dom(new Uri(loaded).AbsoluteUri, budgetMs: 15000);
        Assert.Contains("plot-container", with);
        Assert.DoesNotContain("<div class=\"posetools-chart-note\"", with);
    }
}
