using Plotly.NET;
using PoseTools.Analysis;
using PoseTools.Results;

namespace PoseTools.Interactive;

/// <summary>
/// Plotly.NET charts of poses over time and across models. Each returns an ordinary <see cref="GenericChart"/>:
/// restyle it with Plotly.NET as you like; in a notebook it renders offline (see <see cref="ChartHtml"/>).
/// </summary>
public static class PoseCharts
{
    /// <summary>The trace colours, in order (Plotly's classic palette).</summary>
    public static IReadOnlyList<string> Palette { get; } =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>The joints a sequence of results shows by default: wrists, knees and ankles.</summary>
    public static IReadOnlyList<PoseLandmark> DefaultTrajectoryLandmarks { get; } =
        [PoseLandmark.LeftWrist, PoseLandmark.RightWrist, PoseLandmark.LeftKnee, PoseLandmark.RightKnee, PoseLandmark.LeftAnkle, PoseLandmark.RightAnkle];

    /// <summary>
    /// Each landmark's coordinate over time (seconds; frame numbers when the results have no timestamps), for one
    /// person (null: the first pose of each frame). Image y grows downward, so the y axis is flipped for pixel and
    /// normalised y: up on the chart is up in the picture.
    /// </summary>
    public static GenericChart Trajectory(IEnumerable<PoseResult> results, IEnumerable<PoseLandmark> landmarks, TrajectoryAxis axis = TrajectoryAxis.PixelY, int? personId = null)
    {
        var frames = results.ToList();
        var traces = landmarks.Select((landmark, i) =>
        {
            var points = Trajectories.Of(frames, landmark, personId).ToList();
            return Line(points.Select(p => Time(p.Timestamp, p.FrameIndex)), points.Select(p => p.Value(axis)), landmark.ToString(), i,
                points.Select(p => $"frame {p.FrameIndex}, visibility {p.Visibility:F2}"));
        }).ToList();
        bool flip = axis is TrajectoryAxis.PixelY or TrajectoryAxis.Y;
        return Combine(traces, $"{axis} over time", TimeTitle(frames), AxisTitle(axis), flip);
    }

    /// <summary>Joint angles over time (degrees), in the image (2D) or from the world landmarks (3D).</summary>
    public static GenericChart JointAngle(IEnumerable<PoseResult> results, IEnumerable<Joint> joints, AngleSpace space = AngleSpace.Image, int? personId = null)
    {
        var frames = results.ToList();
        var traces = joints.Select((joint, i) =>
        {
            var samples = frames.Select(r => (r, pose: Trajectories.PoseOf(r, personId)))
                .Where(s => s.pose is not null)
                .Select(s => (s.r, degrees: JointAngles.Degrees(s.pose!, joint, space)))
                .Where(s => !double.IsNaN(s.degrees)).ToList();
            return Line(samples.Select(s => Time(s.r.Timestamp, s.r.FrameIndex)), samples.Select(s => s.degrees), joint.ToString(), i,
                samples.Select(s => $"frame {s.r.FrameIndex}"));
        }).ToList();
        return Combine(traces, $"Joint angles ({space})", TimeTitle(frames), "degrees", flipY: false);
    }

    /// <summary>
    /// The angle an exercise is counted on (its preset: better-seen side, 2D or 3D) over time for one person, with each
    /// repetition shaded — green with good form, red with faults — and labelled with its number and faults.
    /// </summary>
    public static GenericChart Repetitions(IEnumerable<PoseResult> results, IEnumerable<Repetition> repetitions, Exercise exercise, int? personId = null)
    {
        var frames = results.ToList();
        var reps = repetitions.Where(r => personId is null || r.PersonId == personId).ToList();
        personId ??= reps.FirstOrDefault()?.PersonId;
        var preset = ExercisePreset.For(exercise);
        var samples = frames.Select(r => (r, pose: Trajectories.PoseOf(r, personId)))
            .Where(s => s.pose is not null)
            .Select(s => (s.r, degrees: preset.Angle(s.pose!)))
            .Where(s => !double.IsNaN(s.degrees)).ToList();
        var line = Line(samples.Select(s => Time(s.r.Timestamp, s.r.FrameIndex)), samples.Select(s => s.degrees), preset.Signal, 0,
            samples.Select(s => $"frame {s.r.FrameIndex}"));
        var chart = Combine([line], $"{exercise}: repetitions and form", TimeTitle(frames), "degrees", flipY: false);
        var layout = new Layout();
        layout.SetProperty("shapes", reps.Select(r => (object)new Dictionary<string, object>
        {
            ["type"] = "rect", ["xref"] = "x", ["yref"] = "paper", ["y0"] = 0, ["y1"] = 1,
            ["x0"] = Time(r.StartTime, r.StartFrame), ["x1"] = Time(r.EndTime, r.EndFrame),
            ["fillcolor"] = r.Faults.Count == 0 ? "#2ca02c" : "#d62728", ["opacity"] = 0.15, ["line"] = new Dictionary<string, object> { ["width"] = 0 },
        }).ToArray());
        layout.SetProperty("annotations", reps.Select(r => (object)new Dictionary<string, object>
        {
            ["xref"] = "x", ["yref"] = "paper", ["y"] = 1, ["yanchor"] = "bottom", ["showarrow"] = false,
            ["x"] = (Time(r.StartTime, r.StartFrame) + Time(r.EndTime, r.EndFrame)) / 2,
            ["text"] = $"#{r.Index}: " + (r.Faults.Count == 0 ? (r.Form.Judged.Count == 0 ? "counted" : "good form") : string.Join(", ", r.Faults)),
        }).ToArray());
        return GenericChart.addLayout(layout, chart);
    }

    /// <summary>Visibility and presence of each landmark of one pose, as bars.</summary>
    public static GenericChart Confidence(Pose pose)
    {
        var names = pose.Landmarks.Select(l => l.Name.ToString()).ToList();
        var visibility = Bar(names, pose.Landmarks.Select(l => (double)l.Visibility), "visibility", 0);
        var presence = Bar(names, pose.Landmarks.Select(l => (double)l.Presence), "presence", 1);
        return Combine([visibility, presence], "Landmark confidence", "landmark", "probability", flipY: false);
    }

    /// <summary>Visibility of chosen landmarks over time.</summary>
    public static GenericChart Confidence(IEnumerable<PoseResult> results, IEnumerable<PoseLandmark> landmarks, int? personId = null) =>
        Trajectory(results, landmarks, TrajectoryAxis.Visibility, personId);

    /// <summary>Per landmark, each complexity's mean disagreement with the reference (over the compared images).</summary>
    public static GenericChart Disagreement(IEnumerable<ComplexityComparison> comparisons)
    {
        var rows = comparisons.SelectMany(c => c.Rows).Where(r => r.ModelComplexity != r.Reference && r.Landmarks.Count > 0).ToList();
        var names = Enum.GetNames<PoseLandmark>();
        var traces = rows.GroupBy(r => r.ModelComplexity).OrderBy(g => g.Key).Select((g, i) =>
            Bar(names, names.Select(n => 100 * g.Average(r => r.Landmarks.First(l => l.Landmark.ToString() == n).Distance)), $"{g.Key} vs {g.First().Reference}", i)).ToList();
        return Combine(traces, "Disagreement with the heaviest model", "landmark", "% of body size", flipY: false);
    }

    /// <summary>Time per image for each complexity.</summary>
    public static GenericChart Timing(IEnumerable<ComplexityComparison> comparisons)
    {
        var list = comparisons.ToList();
        var images = list.Select(c => Path.GetFileName(c.Source)).ToList();
        var traces = list.SelectMany(c => c.Rows).Select(r => r.ModelComplexity).Distinct().Order().Select((complexity, i) =>
            Bar(images, list.Select(c => c.Rows.FirstOrDefault(r => r.ModelComplexity == complexity)?.Milliseconds ?? double.NaN), complexity.ToString(), i)).ToList();
        return Combine(traces, "Time per image", "image", "milliseconds", flipY: false);
    }

    /// <summary>The 33 world landmarks in 3D (metres, hips at the origin) with the skeleton's bones.</summary>
    public static GenericChart WorldLandmarks(Pose pose)
    {
        var w = pose.WorldLandmarks;
        // Plotly's z axis points up; world y points down: plot (x, z, −y) so the person stands upright.
        var points = new Trace3D("scatter3d");
        points.SetProperty("x", w.Select(l => (double)l.X).ToArray());
        points.SetProperty("y", w.Select(l => (double)l.Z).ToArray());
        points.SetProperty("z", w.Select(l => (double)-l.Y).ToArray());
        points.SetProperty("mode", "markers");
        points.SetProperty("name", "landmarks");
        points.SetProperty("text", w.Select(l => l.Name.ToString()).ToArray());
        points.SetProperty("marker", new Dictionary<string, object> { ["size"] = 4, ["color"] = Palette[3] });
        var bones = new Trace3D("scatter3d");
        var xs = new List<double?>(); var ys = new List<double?>(); var zs = new List<double?>();
        foreach (var (a, b) in PoseSkeleton.Connections)
        {
            xs.AddRange([w[a].X, w[b].X, null]);
            ys.AddRange([w[a].Z, w[b].Z, null]);
            zs.AddRange([-w[a].Y, -w[b].Y, null]);
        }
        bones.SetProperty("x", xs.ToArray());
        bones.SetProperty("y", ys.ToArray());
        bones.SetProperty("z", zs.ToArray());
        bones.SetProperty("mode", "lines");
        bones.SetProperty("name", "bones");
        bones.SetProperty("line", new Dictionary<string, object> { ["color"] = Palette[0], ["width"] = 4 });
        var chart = GenericChart.combine([GenericChart.ofTraceObject(true, points), GenericChart.ofTraceObject(true, bones)]);
        var layout = new Layout();
        layout.SetProperty("title", new Dictionary<string, object> { ["text"] = "World landmarks (m)" });
        layout.SetProperty("scene", new Dictionary<string, object>
        {
            ["aspectmode"] = "data",
            ["xaxis"] = new Dictionary<string, object> { ["title"] = "x" },
            ["yaxis"] = new Dictionary<string, object> { ["title"] = "depth (z)" },
            ["zaxis"] = new Dictionary<string, object> { ["title"] = "up (−y)" },
        });
        return GenericChart.addLayout(layout, chart);
    }

    private static double Time(TimeSpan? timestamp, long? frame) => timestamp?.TotalSeconds ?? frame ?? 0;

    private static string TimeTitle(IReadOnlyList<PoseResult> frames) => frames.Any(f => f.Timestamp is not null) ? "time (s)" : "frame";

    private static string AxisTitle(TrajectoryAxis axis) => axis switch
    {
        TrajectoryAxis.PixelX or TrajectoryAxis.PixelY => $"{axis} (px)",
        TrajectoryAxis.WorldX or TrajectoryAxis.WorldY or TrajectoryAxis.WorldZ => $"{axis} (m)",
        _ => axis.ToString(),
    };

    private static GenericChart Line(IEnumerable<double> x, IEnumerable<double> y, string name, int index, IEnumerable<string> hover)
    {
        var trace = new Trace2D("scatter");
        trace.SetProperty("x", x.ToArray());
        trace.SetProperty("y", y.ToArray());
        trace.SetProperty("mode", "lines");
        trace.SetProperty("name", name);
        trace.SetProperty("text", hover.ToArray());
        trace.SetProperty("hovertemplate", "%{y:.3f}<br>%{text}<extra>" + name + "</extra>");
        trace.SetProperty("line", new Dictionary<string, object> { ["color"] = Palette[index % Palette.Count], ["width"] = 2 });
        return GenericChart.ofTraceObject(true, trace);
    }

    private static GenericChart Bar(IEnumerable<string> x, IEnumerable<double> y, string name, int index)
    {
        var trace = new Trace2D("bar");
        trace.SetProperty("x", x.ToArray());
        trace.SetProperty("y", y.ToArray());
        trace.SetProperty("name", name);
        trace.SetProperty("marker", new Dictionary<string, object> { ["color"] = Palette[index % Palette.Count] });
        return GenericChart.ofTraceObject(true, trace);
    }

    private static GenericChart Combine(IReadOnlyList<GenericChart> traces, string title, string xTitle, string yTitle, bool flipY)
    {
        var chart = GenericChart.combine(traces);
        var layout = new Layout();
        layout.SetProperty("title", new Dictionary<string, object> { ["text"] = title });
        layout.SetProperty("xaxis", new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = xTitle } });
        var yAxis = new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = yTitle } };
        if (flipY) yAxis["autorange"] = "reversed";
        layout.SetProperty("yaxis", yAxis);
        layout.SetProperty("width", 760);
        layout.SetProperty("height", 420);
        return GenericChart.addLayout(layout, chart);
    }
}
