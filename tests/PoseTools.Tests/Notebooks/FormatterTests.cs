using Microsoft.DotNet.Interactive.Formatting;
using OpenCvSharp;
using PoseTools.Analysis;
using PoseTools.Interactive;
using PoseTools.Results;

namespace PoseTools.Tests.Notebooks;

/// <summary>The formatters in-process: how a notebook kernel would format PoseTools values.</summary>
[Collection(nameof(FormatterTests))] // the formatter's registrations are process-wide: keep these tests in one sequence
public sealed class FormatterTests
{
    [Fact]
    public void UsingTheAssemblyRegistersTheFormattersAndRegisteringAgainIsHarmless()
    {
        Formatter.ResetToDefault(); // forget every registration, as a fresh kernel has none
        var result = TestEstimators.Result(1, "messi5.jpg");
        Assert.DoesNotContain("posetools-result", result.ToDisplayString(HtmlFormatter.MimeType));
        NotebookFormatters.Register();
        NotebookFormatters.Register();
        string html = result.ToDisplayString(HtmlFormatter.MimeType);
        Assert.StartsWith("<div class=\"posetools-result\"", html);
        Assert.Single(NotebookRun.Images(html));
        Assert.Single(Formatter.RegisteredFormatters(true), f => f.Type == typeof(PoseResult) && f.GetType().Namespace == "PoseTools.Interactive");
    }

    [Fact]
    public void RegistrationCoversSequencesComparisonsImagesAndCharts()
    {
        Formatter.ResetToDefault();
        NotebookFormatters.Register(); // registers again after the reset
        var photos = new[] { "messi5.jpg", "basketball1.png" }.Select(f => TestEstimators.Result(1, f)).ToList();
        Assert.Equal(2, NotebookRun.Images(((object)photos).ToDisplayString(HtmlFormatter.MimeType)).Count);

        var frames = TestEstimators.Video("squat_correct_010.mp4");
        var figure = Assert.Single(NotebookRun.Figures(((object)frames).ToDisplayString(HtmlFormatter.MimeType)));
        Assert.Equal(PoseCharts.DefaultTrajectoryLandmarks.Count, figure["data"]!.AsArray().Count);

        using var image = new Mat(30, 40, MatType.CV_8UC3, new Scalar(0, 0, 255));
        var (decoded, width, height, _) = Assert.Single(NotebookRun.Images(image.ToDisplayString(HtmlFormatter.MimeType)));
        Assert.Equal((40, 30, 255), (width, height, (int)decoded.At<Vec3b>(10, 10).Item2));

        var chart = PoseCharts.JointAngle(frames, [Joint.LeftKnee, Joint.RightKnee], AngleSpace.World);
        var angles = Assert.Single(NotebookRun.Figures(((object)chart).ToDisplayString(HtmlFormatter.MimeType)));
        Assert.Equal(["LeftKnee", "RightKnee"], angles["data"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void ChartsCarryPlotlyOnceAndAStaticPreview()
    {
        var frames = TestEstimators.Video("squat_correct_010.mp4");
        var chart = PoseCharts.Trajectory(frames, [PoseLandmark.LeftHip], TrajectoryAxis.PixelY);
        ChartHtml.ForgetLibraryShown(); // a new session
        string first = ChartHtml.Render(chart, PlotlyLibrary.Once), second = ChartHtml.Render(chart, PlotlyLibrary.Once);
        Assert.Contains(ChartHtml.PlotlyScript[..200], first);
        Assert.DoesNotContain(ChartHtml.PlotlyScript[..200], second);
        string full = ChartHtml.Render(chart, PlotlyLibrary.Always);
        Assert.Contains(ChartHtml.PlotlyScript[..200], full);
        string bare = ChartHtml.Render(chart, PlotlyLibrary.Never);
        Assert.True(bare.Length < 200_000 && full.Length > 3_000_000, $"{bare.Length} / {full.Length} characters");
        // The preview: an SVG polyline with as many points as the trace, in the trace's colour.
        var polyline = System.Text.RegularExpressions.Regex.Match(bare, "<polyline fill=\"none\" stroke=\"(?<c>#[0-9a-f]{6})\"[^>]*points=\"(?<p>[^\"]*)\"");
        Assert.Equal(PoseCharts.Palette[0], polyline.Groups["c"].Value);
        Assert.Equal(frames.Count(f => f.Poses.Count > 0), polyline.Groups["p"].Value.Split(' ').Length);
    }
}
