using PoseTools.Models;
using PoseTools.Results;

namespace PoseTools.Analysis;

/// <summary>How far one landmark of one complexity lies from the reference complexity's, relative to the person's size.</summary>
public sealed record LandmarkDisagreement(PoseLandmark Landmark, double Distance, double Pixels, float Visibility);

/// <summary>One image under one model complexity, compared with the reference (the heaviest model compared).</summary>
public sealed record ModelComparison(
    string Source,
    ModelComplexity ModelComplexity,
    ModelComplexity Reference,
    double Milliseconds,
    double LandmarkMilliseconds,
    bool Found,
    double MeanDisagreement,
    double MaxDisagreement,
    IReadOnlyList<LandmarkDisagreement> Landmarks);

/// <summary>One image run through several complexities: their results side by side, and the comparison rows.</summary>
public sealed record ComplexityComparison(string Source, IReadOnlyDictionary<ModelComplexity, PoseResult> Results, IReadOnlyList<ModelComparison> Rows);

/// <summary>Compares the results of several complexities on the same image.</summary>
public static class ModelComparer
{
    /// <summary>Runs every estimator (one per complexity) on the image and compares them.</summary>
    public static ComplexityComparison Run(string image, IEnumerable<Inference.PoseEstimator> estimators)
    {
        var results = estimators.ToDictionary(e => e.Options.ModelComplexity, e => e.Estimate(image));
        return new ComplexityComparison(image, results, Compare(results));
    }

    /// <summary>
    /// Disagreement of each complexity's first pose with the reference complexity's, per landmark, as a fraction of the
    /// reference person's size (the larger side of its landmarks' box). NaN where either found no pose.
    /// </summary>
    public static IReadOnlyList<ModelComparison> Compare(IReadOnlyDictionary<ModelComplexity, PoseResult> results)
    {
        if (results.Count == 0) return [];
        var reference = results.Keys.Max();
        var refResult = results[reference];
        var refPose = refResult.Poses.FirstOrDefault();
        var comparisons = new List<ModelComparison>();
        foreach (var (complexity, result) in results.OrderBy(r => r.Key))
        {
            var pose = result.Poses.FirstOrDefault();
            var landmarks = new List<LandmarkDisagreement>();
            if (pose is not null && refPose is not null)
            {
                double size = Math.Max(1, Math.Max(refPose.BodyBox.Width * result.Width, refPose.BodyBox.Height * result.Height));
                for (int i = 0; i < PoseSkeleton.LandmarkCount; i++)
                {
                    var a = pose.Landmarks[i];
                    var b = refPose.Landmarks[i];
                    double pixels = Math.Sqrt(Math.Pow(a.PixelX - b.PixelX, 2) + Math.Pow(a.PixelY - b.PixelY, 2));
                    landmarks.Add(new LandmarkDisagreement(a.Name, pixels / size, pixels, Math.Min(a.Visibility, b.Visibility)));
                }
            }
            comparisons.Add(new ModelComparison(result.Source, complexity, reference, result.Milliseconds, result.Timings.Landmark, pose is not null,
                landmarks.Count > 0 ? landmarks.Average(l => l.Distance) : double.NaN,
                landmarks.Count > 0 ? landmarks.Max(l => l.Distance) : double.NaN, landmarks));
        }
        return comparisons;
    }
}
