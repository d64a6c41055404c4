using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenCvSharp;

namespace PoseTools.Tests.Notebooks;

/// <summary>
/// The notebooks executed cell by cell (C# through Roslyn scripting as one submission chain, PowerShell through the
/// hosted engine), and what their displayed values look like once formatted: images that decode to the right size,
/// charts with the expected traces, tables with the expected rows.
/// </summary>
[Collection(nameof(PoseTools.Tests.Container.NetworkInterfaces))]
public sealed partial class NotebookTests(NotebookRun run) : IClassFixture<NotebookRun>
{
    private const string GettingStarted = "01-getting-started.ipynb", Compare = "02-compare-model-complexity.ipynb",
        Trajectories = "03-joint-trajectories.ipynb", HowItWorks = "04-how-blazepose-works.ipynb", Coach = "05-exercise-coach.ipynb";

    [Fact]
    public void EveryCellOfEveryNotebookRuns()
    {
        Assert.True(run.Failed.Count == 0, $"failed: {string.Join(", ", run.Failed)}\n{run.Log}");
        Assert.Equal([GettingStarted, Compare, Trajectories, HowItWorks, Coach], run.Cells.Keys.Order());
        foreach (var (notebook, cells) in run.Cells)
        {
            var document = JsonNode.Parse(File.ReadAllText(Path.Combine(NotebookRun.Folder, notebook)))!;
            int codeCells = document["cells"]!.AsArray().Count(c => c!["cell_type"]!.GetValue<string>() == "code");
            Assert.Equal(codeCells, cells.Count);
            Assert.All(cells, c => Assert.DoesNotContain(c.Outputs, o => o.Kind == "error"));
            Assert.Contains(cells, c => c.Language == "pwsh");
        }
    }

    [Fact]
    public void CommittedNotebooksCarryTheirOutputs()
    {
        foreach (var path in NotebookRun.Notebooks)
        {
            var cells = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray().Where(c => c!["cell_type"]!.GetValue<string>() == "code").ToList();
            var withOutputs = cells.Where(c => c!["outputs"]!.AsArray().Count > 0).ToList();
            Assert.True(withOutputs.Count >= cells.Count - 2, $"{Path.GetFileName(path)}: only {withOutputs.Count} of {cells.Count} code cells have stored outputs");
            Assert.All(cells, c => Assert.DoesNotContain(c!["outputs"]!.AsArray(), o => o!["output_type"]!.GetValue<string>() == "error"));
            // Charts are stored without the 3.6 MB plotly.js (a static preview shows instead); nothing points at a CDN.
            string text = File.ReadAllText(path);
            Assert.DoesNotContain("cdn.plot.ly", text);
            Assert.DoesNotContain("<script src=", text);
        }
    }

    [Fact]
    public void TheCoachNotebookShadesEachRepetitionAndGivesFeedback()
    {
        string chart = run.Cell(Coach, "PoseCharts.Repetitions").Html!;
        Assert.Contains("\"fillcolor\":\"#d62728\"", chart);         // the incorrect squat's repetition, shaded red
        Assert.Contains("#1: KneesPastToes", chart);
        Assert.Contains("past your toes", run.Cell(Coach, "NotJudged = string.Join").Html);
        Assert.Contains("KneesCaveIn: needs a view from front or back", run.Cell(Coach, "NotJudged = string.Join").Html);
        Assert.Contains("HipHinge", run.Cell(Coach, "WithHipHinge").Html);
        string pushUps = run.Cell(Coach, "var pushUps").Html ?? "";
        Assert.Contains("HipsPiked", pushUps);                            // the piked clip
        Assert.Contains("HipsSagging", pushUps);                          // the slow push-ups, on the way up
        Assert.Contains("good form", pushUps);                            // the correct one
        Assert.Contains("Squat", run.Cell(Coach, "Get-PoseExercise").Text);
    }

    [Fact]
    public void AResultShowsItsPhotoWithTheSkeletonAndItsLandmarks()
    {
        string html = run.Cell(GettingStarted, "estimator.Estimate(\"../examples/images/messi5.jpg\")").Html!;
        var (image, width, height, _) = Assert.Single(NotebookRun.Images(html));
        using var photo = Cv2.ImRead(Path.Combine(TestEnvironment.RepoRoot, "examples", "images", "messi5.jpg"));
        Assert.Equal((width, height), (image.Cols, image.Rows));
        Assert.Equal(photo.Cols / (double)photo.Rows, width / (double)height, 2);
        Assert.True(image.Cols <= 560 && Math.Max(image.Cols, image.Rows) >= Math.Min(560, Math.Max(photo.Cols, photo.Rows)) - 1);
        int red = Pixels.Count(image, Pixels.IsJointRed);
        Assert.True(red > 100, $"only {red} red pixels: no joints drawn");
        Assert.Equal(33, LandmarkRow().Matches(html).Count);
        Assert.Contains("<details>", html);
        Assert.Contains("presence", html);
    }

    [Fact]
    public void AListOfPhotosIsAGridAndTheExportsAreWritten()
    {
        var grid = NotebookRun.Images(run.Cell(GettingStarted, "var results = images.Select(crowd.Estimate)").Html!);
        Assert.Equal(3, grid.Count);
        Assert.All(grid, g => Assert.Equal((g.Width, g.Height), (g.Image.Cols, g.Image.Rows)));
        Assert.Contains("source,frame_index,timestamp_ms", run.Cell(GettingStarted, "PoseCsvWriter").Html);
        Assert.Contains("LeftKnee", run.Cell(GettingStarted, "Measure-PoseAngle").Text);
    }

    [Fact]
    public void ModelComparisonShowsThreeOverlaysAndChartsPerLandmarkAndTime()
    {
        var comparison = run.Cell(Compare, "ModelComparer.Run(images[0], estimators)").Html!;
        Assert.Equal(["Lite", "Full", "Heavy"], NotebookRun.Images(comparison).Select(i => i.Alt));
        Assert.Equal(1 + 33 + 2, Regex.Matches(comparison, "<tr><t[dh] style=\"[^\"]*text-align:left\">").Count); // header, landmarks, mean, time

        var disagreement = Assert.Single(NotebookRun.Figures(run.Cell(Compare, "PoseCharts.Disagreement(comparisons)").Html!));
        var traces = disagreement["data"]!.AsArray();
        Assert.Equal(["Lite vs Heavy", "Full vs Heavy"], traces.Select(t => t!["name"]!.GetValue<string>()));
        Assert.All(traces, t => Assert.Equal(33, t!["y"]!.AsArray().Count));
        var timing = Assert.Single(NotebookRun.Figures(run.Cell(Compare, "PoseCharts.Timing(comparisons)").Html!));
        Assert.Equal(["Lite", "Full", "Heavy"], timing["data"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        Assert.All(timing["data"]!.AsArray(), t => Assert.All(t!["y"]!.AsArray(), v => Assert.True(v!.GetValue<double>() > 0)));
    }

    [Fact]
    public void AVideoShowsTrajectoriesAnglesAndRepetitions()
    {
        var track = Assert.Single(NotebookRun.Figures(run.Cell(Trajectories, "var frames = estimator.EstimateVideo(clip)").Html!));
        Assert.Equal(["LeftWrist", "RightWrist", "LeftKnee", "RightKnee", "LeftAnkle", "RightAnkle"], track["data"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        Assert.All(track["data"]!.AsArray(), t => Assert.Equal(290, t!["x"]!.AsArray().Count));
        Assert.Equal("reversed", track["layout"]!["yaxis"]!["autorange"]!.GetValue<string>());

        var angles = Assert.Single(NotebookRun.Figures(run.Cell(Trajectories, "PoseCharts.JointAngle(").Html!));
        var elbow = angles["data"]!.AsArray()[0]!["y"]!.AsArray().Select(v => v!.GetValue<double>()).ToList();
        Assert.True(elbow.Min() < 60 && elbow.Max() > 150, "the elbow angle should go from straight to bent");
        Assert.Equal(2, Regex.Matches(run.Cell(Trajectories, "RepetitionTracker.Count").Html!, "Index = ").Count);
        Assert.Equal(2, Regex.Matches(run.Cell(Trajectories, "Measure-PoseRepetition").Text, @"\bPushUp\b").Count);
        var frame = Assert.Single(NotebookRun.Images(run.Cell(Trajectories, "frames[200]").Html!));
        Assert.Equal((560, 315), (frame.Image.Cols, frame.Image.Rows)); // the 640 × 360 frame, shrunk to the inline size
        // In the kernel, the first chart of the session carries plotly.js (from inside Plotly.NET) and no later one does.
        var charts = run.Cells[Trajectories].Where(c => c.Html?.Contains("var figure = ") == true).ToList();
        Assert.Contains("* plotly.js v", charts[0].Html);
        Assert.All(charts.Skip(1), c => Assert.DoesNotContain("* plotly.js v", c.Html));
    }

    [Fact]
    public void EachStageOfThePipelineIsPictured()
    {
        (int, int) Size(string code) => Assert.Single(NotebookRun.Images(run.Cell(HowItWorks, code).Html!)) is var i ? (i.Image.Cols, i.Image.Rows) : default;
        Assert.Equal((224, 224), Size("StageRenderer.DetectorInput(trace)"));
        Assert.Equal((448, 448), Size("StageRenderer.AnchorsAndCandidates(trace)"));
        Assert.Equal((256, 256), Size("StageRenderer.Crop(region)"));
        Assert.Equal((256, 256), Size("StageRenderer.Heatmap(region)"));
        Assert.Equal((548, 342), Size("StageRenderer.Detections(photo, trace)"));
        Assert.Equal((548, 342), Size("StageRenderer.Segmentation(photo"));
        Assert.Contains("2254 anchors", run.Cell(HowItWorks, "SsdAnchors.PoseDetector.Count").Text);
        var world = Assert.Single(NotebookRun.Figures(run.Cell(HowItWorks, "PoseCharts.WorldLandmarks(").Html!));
        Assert.Equal("scatter3d", world["data"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(33, world["data"]![0]!["x"]!.AsArray().Count);
    }

    [GeneratedRegex(@"<tr><td style=""[^""]*text-align:left"">(Nose|Left|Right|Mouth)")]
    private static partial Regex LandmarkRow();
}
